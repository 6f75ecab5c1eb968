#pragma once

#include "Cli/FileDiscovery.h"
#include "Cli/FileResult.h"

#include <cstdint>
#include <ostream>
#include <vector>

// The end-of-run report: one line per file, the failures (always, on the error stream) and totals.
// Lines name files, attributes and reasons, never values read from the files.
namespace Ratatoskr::Cli
{
  struct RunTotals
  {
    size_t anonymized = 0, failed = 0, skipped = 0;
    uintmax_t inputBytes = 0;
    double seconds = 0;
  };

  RunTotals CountResults(const std::vector<FileResult>& results, double seconds);

  // "ok      path  removed 3, emptied 2, ..." and "skipped path  (reason)" lines.
  void PrintFileLines(std::ostream& out, const std::vector<FileTask>& tasks, const std::vector<FileResult>& results);

  // "FAILED  path: reason" lines.
  void PrintFailures(std::ostream& err, const std::vector<FileTask>& tasks, const std::vector<FileResult>& results);

  void PrintTotals(std::ostream& out, const RunTotals& totals, bool dryRun);
}
