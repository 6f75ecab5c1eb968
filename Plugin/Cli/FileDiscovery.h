#pragma once

#include "Cli/CliOptions.h"

#include <string>
#include <vector>

// Which files to read and where each result goes.
namespace Ratatoskr::Cli
{
  struct FileTask
  {
    std::string input;
    std::string output;          // empty in a dry run
    std::string displayName;     // path shown in reports: relative to the input folder, or as given
    bool explicitlyNamed = false;  // named on the command line: not being DICOM is a failure, not a skip
  };

  // Walks the inputs (folders recursively, sorted; the output folder is never walked into) and maps
  // them to output paths. Throws UsageError when an input is missing, an output would overwrite its
  // input, an output is not a folder where one is needed, or two inputs would share an output.
  std::vector<FileTask> PlanTasks(const CliOptions& options);
}
