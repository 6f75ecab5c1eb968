#include "Cli/AnonymizeCommand.h"

#include "Cli/DryRunPrinter.h"
#include "Cli/FileDiscovery.h"
#include "Cli/FileProcessor.h"
#include "Cli/ProfileSelection.h"
#include "Cli/ProgressLine.h"
#include "Cli/RunSummary.h"
#include "Cli/SecretLoading.h"
#include "Core/ParallelRun.h"

#include "Core/TagDictionary.h"

#include <chrono>
#include <future>
#include <iostream>
#include <memory>

namespace Ratatoskr::Cli
{
  namespace
  {
    Core::Pseudonymizer MakePseudonymizer(const CliOptions& options)
    {
      const std::string secret = LoadSecret(options);
      try
      {
        return options.uidRoot ? Core::Pseudonymizer(secret, *options.uidRoot) : Core::Pseudonymizer(secret);
      }
      catch (const std::invalid_argument&)
      {
        throw UsageError(std::string("--uid-root must be a valid UID root: ") + Core::Pseudonymizer::UidRootRule);
      }
    }

    Core::AnonymizationContext MakeContext(const CliOptions& options)
    {
      Core::AnonymizationContext context;
      context.metadata = options.metadata;
      context.failOnLeak = options.failOnLeak;
      return context;
    }
  }

  int RunAnonymize(const CliOptions& options)
  {
    // DCMTK's dictionary (a third of the start-up) loads on a second core while the reference table
    // is parsed; the registry waits for it when it first needs a keyword.
    std::future<void> dictionary = std::async(std::launch::async, Core::TagDictionary::Preload);
    Core::ProfileRegistry registry;
    dictionary.get();
    LoadProfileSources(registry, options);
    const auto profile = SelectProfile(registry, options.profile, options);
    const Core::Anonymizer anonymizer(profile, MakePseudonymizer(options));
    const Core::AnonymizationContext context = MakeContext(options);
    const std::vector<FileTask> tasks = PlanTasks(options);

    const FileProcessor processor(anonymizer, context, options.dryRun);
    std::vector<FileResult> results(tasks.size());
    const auto start = std::chrono::steady_clock::now();
    {
      ProgressLine progress(tasks.size(), ProgressLine::ShouldShow(options.forceProgress, options.noProgress));
      const unsigned int threads = options.threads != 0 ? options.threads : Core::DefaultThreadCount();
      Core::RunParallel(tasks.size(), threads, [&](size_t index) {
        results[index] = processor.Process(tasks[index]);
        progress.Done(results[index].status);
      });
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (options.dryRun)
    {
      PrintPreviews(std::cout, tasks, results);
    }
    const RunTotals totals = CountResults(results, seconds);
    if (!options.quiet)
    {
      PrintFileLines(std::cout, tasks, results);
      std::cout << "Profile " << profile->Name() << " v" << profile->Version() << " (" << profile->Hash()
                << "), key " << anonymizer.PseudonymizerUsed().KeyId() << '\n';
      PrintTotals(std::cout, totals, options.dryRun);
    }
    std::cout.flush();
    PrintFailures(std::cerr, tasks, results);
    if (tasks.empty() && !options.quiet)
    {
      std::cerr << "ratatoskr-anonymize: warning: no file found in the input\n";
    }
    return totals.failed == 0 ? 0 : 1;
  }
}
