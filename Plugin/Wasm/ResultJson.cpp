#include "Wasm/ResultJson.h"

#include <json/writer.h>

namespace Ratatoskr::Wasm
{
  namespace
  {
    Json::Value Strings(const std::vector<std::string>& values)
    {
      Json::Value array(Json::arrayValue);
      for (const std::string& value : values)
      {
        array.append(value);
      }
      return array;
    }

    const char* StatusName(Cli::FileStatus status)
    {
      switch (status)
      {
        case Cli::FileStatus::Anonymized: return "Anonymized";
        case Cli::FileStatus::Skipped: return "Skipped";
        default: return "Failed";
      }
    }
  }

  Json::Value ReportJson(const Core::AnonymizationReport& report)
  {
    Json::Value json(Json::objectValue);
    json["Removed"] = static_cast<Json::UInt64>(report.removed);
    json["Emptied"] = static_cast<Json::UInt64>(report.emptied);
    json["Replaced"] = static_cast<Json::UInt64>(report.replaced);
    json["Remapped"] = static_cast<Json::UInt64>(report.remapped);
    json["Shifted"] = static_cast<Json::UInt64>(report.shifted);
    json["Kept"] = static_cast<Json::UInt64>(report.kept);
    json["Leaks"] = Strings(report.leaks);
    json["Warnings"] = Strings(report.warnings);
    json["NewStudyInstanceUid"] = report.newStudyInstanceUid;
    json["NewSeriesInstanceUid"] = report.newSeriesInstanceUid;
    json["NewSopInstanceUid"] = report.newSopInstanceUid;
    json["PatientPseudonym"] = report.patientPseudonym;
    json["OriginalStudyUidHash"] = report.originalStudyUidHash;
    return json;
  }

  Json::Value FileResultJson(const Cli::FileResult& result)
  {
    Json::Value json(Json::objectValue);
    json["Status"] = StatusName(result.status);
    if (result.status != Cli::FileStatus::Anonymized)
    {
      json["Reason"] = result.reason;
    }
    json["InputBytes"] = static_cast<Json::UInt64>(result.inputBytes);
    json["OutputBytes"] = static_cast<Json::UInt64>(result.outputBytes);
    if (result.status == Cli::FileStatus::Anonymized)
    {
      json["Report"] = ReportJson(result.report);
    }
    return json;
  }

  std::string Text(const Json::Value& value)
  {
    Json::StreamWriterBuilder builder;
    builder["indentation"] = "";
    builder["emitUTF8"] = true;
    return Json::writeString(builder, value);
  }

  std::string ErrorText(const std::string& error, const std::string& kind)
  {
    Json::Value json(Json::objectValue);
    json["Ok"] = false;
    json["Error"] = error;
    if (!kind.empty())
    {
      json["Kind"] = kind;
    }
    return Text(json);
  }
}
