#include "Core/InstanceIdentity.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>

namespace Ratatoskr::Core
{
  namespace
  {
    std::string Text(DcmItem* item, const DcmTagKey& tag)
    {
      OFString value;
      if (item != nullptr && item->findAndGetOFStringArray(tag, value).good())
      {
        return value.c_str();
      }
      return "";
    }

    bool StartsWith(const std::string& text, const std::string& prefix)
    {
      return text.compare(0, prefix.size(), prefix) == 0;
    }
  }

  InstanceIdentity InstanceIdentity::Of(DcmFileFormat& file)
  {
    DcmDataset* dataset = file.getDataset();
    InstanceIdentity identity;
    identity.sopInstanceUid = Text(dataset, DCM_SOPInstanceUID);
    if (identity.sopInstanceUid.empty())
    {
      identity.sopInstanceUid = Text(file.getMetaInfo(), DCM_MediaStorageSOPInstanceUID);
    }
    identity.sopClassUid = Text(dataset, DCM_SOPClassUID);
    if (identity.sopClassUid.empty())
    {
      identity.sopClassUid = Text(file.getMetaInfo(), DCM_MediaStorageSOPClassUID);
    }
    identity.studyInstanceUid = Text(dataset, DCM_StudyInstanceUID);
    identity.seriesInstanceUid = Text(dataset, DCM_SeriesInstanceUID);
    identity.deidentificationMethod = Text(dataset, DCM_DeidentificationMethod);
    identity.patientIdentityRemoved = Text(dataset, DCM_PatientIdentityRemoved);
    return identity;
  }

  std::string InstanceIdentity::Kind() const
  {
    // PS3.4 B.5: Secondary Capture (1.2.840.10008.5.1.4.1.1.7 and its multi-frame forms .7.x), Encapsulated
    // PDF (...104.1), the video IODs (...77.1.x.1.1 endoscopic/microscopic/photographic video).
    if (sopClassUid == "1.2.840.10008.5.1.4.1.1.7" || StartsWith(sopClassUid, "1.2.840.10008.5.1.4.1.1.7."))
    {
      return "image";
    }
    if (sopClassUid == "1.2.840.10008.5.1.4.1.1.104.1")
    {
      return "pdf";
    }
    if (sopClassUid == "1.2.840.10008.5.1.4.1.1.77.1.1.1" || sopClassUid == "1.2.840.10008.5.1.4.1.1.77.1.2.1" ||
        sopClassUid == "1.2.840.10008.5.1.4.1.1.77.1.4.1")
    {
      return "video";
    }
    return "dicom";
  }
}
