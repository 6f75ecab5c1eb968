#pragma once

#include "Core/WrapContext.h"

#include <memory>
#include <string>
#include <vector>

class DcmFileFormat;
class DcmTagKey;

// The part every wrapped file shares (a picture, a PDF, a video made a DICOM instance): patient, study, series,
// equipment and SOP common attributes, and UIDs derived from the file's bytes.
namespace Ratatoskr::Core
{
  struct WrapResult
  {
    std::string dicom;                  // Part 10 bytes
    std::string studyInstanceUid;       // as written (before any anonymization)
    std::string seriesInstanceUid;
    std::string sopInstanceUid;
    std::vector<std::string> removed;   // what was taken out of the container, in words (no value of it)
  };

  namespace WrappedInstance
  {
    // A new instance of `sopClassUid` in the context's study (or a new one: StudyInstanceUID from the context's
    // StudySeed, else from the content), with SeriesInstanceUID and SOPInstanceUID derived from the study and
    // `contentDigest` (SHA-256 of the file as received): the same file in the same study always gets the same
    // UIDs. The UIDs go to `result` too.
    std::unique_ptr<DcmFileFormat> Create(const WrapContext& context, const char* sopClassUid, const char* modality,
                                          const std::string& contentDigest, WrapResult& result);

    // Serializes the instance (Explicit VR Little Endian, or the encapsulated transfer syntax of its pixel data)
    // into result.dicom. Throws WrapError when DCMTK cannot encode it.
    void Write(DcmFileFormat& file, WrapResult& result);

    // Sets a string attribute; an empty value is inserted empty (Type 2). Throws WrapError if DCMTK refuses.
    void Put(DcmFileFormat& file, const DcmTagKey& tag, const std::string& value);
  }
}
