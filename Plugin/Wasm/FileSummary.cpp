#include "Wasm/FileSummary.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <cstdlib>
#include <utility>

namespace Ratatoskr::Wasm
{
  namespace
  {
    std::string Text(DcmItem& item, const DcmTagKey& tag)
    {
      OFString value;
      item.findAndGetOFStringArray(tag, value);
      std::string text(value.c_str(), value.length());
      while (!text.empty() && (text.back() == ' ' || text.back() == '\0'))
      {
        text.pop_back();
      }
      return text;
    }

    Json::UInt64 Number(DcmItem& item, const DcmTagKey& tag)
    {
      Uint16 small = 0;
      if (item.findAndGetUint16(tag, small).good())
      {
        return small;
      }
      const std::string text = Text(item, tag);
      return text.empty() ? 0 : std::strtoull(text.c_str(), nullptr, 10);
    }
  }

  Json::Value FileSummary(DcmFileFormat& file)
  {
    DcmDataset& dataset = *file.getDataset();
    Json::Value json(Json::objectValue);
    const std::pair<const char*, DcmTagKey> texts[] = {
      {"StudyInstanceUid", DCM_StudyInstanceUID}, {"SeriesInstanceUid", DCM_SeriesInstanceUID},
      {"SopInstanceUid", DCM_SOPInstanceUID}, {"SopClassUid", DCM_SOPClassUID}, {"Modality", DCM_Modality},
      {"PatientName", DCM_PatientName}, {"PatientId", DCM_PatientID}, {"StudyDate", DCM_StudyDate},
      {"StudyDescription", DCM_StudyDescription}, {"SeriesDescription", DCM_SeriesDescription},
      {"BurnedInAnnotation", DCM_BurnedInAnnotation}};
    for (const auto& [key, tag] : texts)
    {
      json[key] = Text(dataset, tag);
    }
    const std::pair<const char*, DcmTagKey> numbers[] = {
      {"SeriesNumber", DCM_SeriesNumber}, {"InstanceNumber", DCM_InstanceNumber}, {"Rows", DCM_Rows},
      {"Columns", DCM_Columns}, {"NumberOfFrames", DCM_NumberOfFrames}};
    for (const auto& [key, tag] : numbers)
    {
      json[key] = Number(dataset, tag);
    }
    json["TransferSyntaxUid"] = DcmXfer(dataset.getOriginalXfer()).getXferID();
    return json;
  }
}
