#pragma once

#include "Core/Anonymizer.h"

#include <json/value.h>

#include <cstdint>
#include <string>

// What happened to one input file. `reason` never holds a value read from the file.
namespace Ratatoskr::Cli
{
  enum class FileStatus
  {
    Anonymized,   // written (or previewed in a dry run)
    Failed,
    Skipped       // not DICOM (or a DICOMDIR) inside a folder
  };

  struct FileResult
  {
    FileStatus status = FileStatus::Failed;
    std::string reason;                  // why it failed or was skipped
    Core::AnonymizationReport report;    // Anonymized only
    Json::Value preview;                 // dry run only: Anonymizer::Preview()
    uintmax_t inputBytes = 0;
    uintmax_t outputBytes = 0;
  };

  inline FileResult Failure(const std::string& reason)
  {
    FileResult result;
    result.status = FileStatus::Failed;
    result.reason = reason;
    return result;
  }

  inline FileResult Skip(const std::string& reason)
  {
    FileResult result;
    result.status = FileStatus::Skipped;
    result.reason = reason;
    return result;
  }
}
