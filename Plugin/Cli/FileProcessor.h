#pragma once

#include "Cli/FileDiscovery.h"
#include "Cli/FileResult.h"
#include "Core/Anonymizer.h"

// Anonymizes (or previews) one file: sniff, load with DCMTK, Anonymizer::Apply, save. Never throws:
// every problem becomes a FileResult naming the reason (never a value read from the file).
// Thread-safe: holds only const references, one instance serves all workers.
namespace Ratatoskr::Cli
{
  class FileProcessor
  {
  public:
    FileProcessor(const Core::Anonymizer& anonymizer, const Core::AnonymizationContext& context, bool dryRun) :
      anonymizer_(anonymizer), context_(context), dryRun_(dryRun)
    {
    }

    FileResult Process(const FileTask& task) const;

  private:
    FileResult ProcessUnchecked(const FileTask& task) const;

    const Core::Anonymizer& anonymizer_;
    const Core::AnonymizationContext& context_;
    bool dryRun_;
  };
}
