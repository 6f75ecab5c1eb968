#pragma once

#include <string>

class DcmFileFormat;

namespace Ratatoskr::Core
{
  // The few attributes that say what an instance is and whether Ratatoskr de-identified it: read by the
  // server before it trusts an uploaded instance, and by the page for its tree. UIDs of anonymized data only.
  struct InstanceIdentity
  {
    std::string sopInstanceUid;   // dataset, else the file meta header's
    std::string sopClassUid;
    std::string studyInstanceUid;
    std::string seriesInstanceUid;
    std::string deidentificationMethod;
    std::string patientIdentityRemoved;

    static InstanceIdentity Of(DcmFileFormat& file);

    // "image" (Secondary Capture), "pdf" (Encapsulated PDF), "video" (video IODs) or "dicom".
    std::string Kind() const;
  };
}
