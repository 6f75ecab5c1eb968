#include "Cli/RunSummary.h"

#include "Cli/Join.h"

#include <iomanip>
#include <sstream>

namespace Ratatoskr::Cli
{
  namespace
  {
    std::string Counts(const Core::AnonymizationReport& report)
    {
      std::ostringstream text;
      text << "removed " << report.removed << ", emptied " << report.emptied << ", replaced " << report.replaced
           << ", remapped " << report.remapped << ", shifted " << report.shifted << ", kept " << report.kept;
      return text.str();
    }

  }

  RunTotals CountResults(const std::vector<FileResult>& results, double seconds)
  {
    RunTotals totals;
    totals.seconds = seconds;
    for (const FileResult& result : results)
    {
      switch (result.status)
      {
        case FileStatus::Anonymized:
          totals.anonymized++;
          totals.inputBytes += result.inputBytes;
          break;
        case FileStatus::Skipped:
          totals.skipped++;
          break;
        default:
          totals.failed++;
          break;
      }
    }
    return totals;
  }

  void PrintFileLines(std::ostream& out, const std::vector<FileTask>& tasks, const std::vector<FileResult>& results)
  {
    for (size_t i = 0; i < results.size(); i++)
    {
      const FileResult& result = results[i];
      if (result.status == FileStatus::Anonymized && result.preview.isNull())
      {
        out << "ok       " << tasks[i].displayName << "  " << Counts(result.report);
        if (!result.report.leaks.empty())
        {
          out << "  LEAKS KEPT (--no-fail-on-leak) in: " << Join(result.report.leaks);
        }
        if (!result.report.warnings.empty())
        {
          out << "  warnings: " << Join(result.report.warnings);
        }
        out << '\n';
      }
      else if (result.status == FileStatus::Skipped)
      {
        out << "skipped  " << tasks[i].displayName << "  (" << result.reason << ")\n";
      }
    }
  }

  void PrintFailures(std::ostream& err, const std::vector<FileTask>& tasks, const std::vector<FileResult>& results)
  {
    for (size_t i = 0; i < results.size(); i++)
    {
      if (results[i].status == FileStatus::Failed)
      {
        err << "FAILED   " << tasks[i].displayName << ": " << results[i].reason << '\n';
      }
    }
  }

  void PrintTotals(std::ostream& out, const RunTotals& totals, bool dryRun)
  {
    const double megabytes = static_cast<double>(totals.inputBytes) / 1e6;
    out << totals.anonymized << (dryRun ? " previewed, " : " anonymized, ") << totals.failed << " failed, "
        << totals.skipped << " skipped in " << std::fixed << std::setprecision(2) << totals.seconds
        << " s";
    if (totals.seconds > 0 && totals.anonymized > 0)
    {
      out << " (" << std::setprecision(1) << static_cast<double>(totals.anonymized) / totals.seconds << " files/s, "
          << megabytes / totals.seconds << " MB/s)";
    }
    out << '\n';
  }
}
