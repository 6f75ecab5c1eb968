#pragma once

#include "Cli/FileResult.h"

#include <json/value.h>

#include <string>

// The JSON answers of the WebAssembly engine (CamelCase keys, as everywhere in Orthanc).
namespace Ratatoskr::Wasm
{
  // {"Removed", "Emptied", "Replaced", "Remapped", "Shifted", "Kept", "Leaks", "Warnings",
  //  "NewStudyInstanceUid", "NewSeriesInstanceUid", "NewSopInstanceUid", "PatientPseudonym",
  //  "OriginalStudyUidHash"}: no original value, only counts, paths, warnings and new identifiers.
  Json::Value ReportJson(const Core::AnonymizationReport& report);

  // {"Status", "Reason"?, "InputBytes", "OutputBytes", "Report"?}
  Json::Value FileResultJson(const Cli::FileResult& result);

  std::string Text(const Json::Value& value);   // compact
  std::string ErrorText(const std::string& error, const std::string& kind = "");   // {"Ok": false, "Error"...}
}
