#include "Jobs/InstanceProcessor.h"

#include "Core/ParallelRun.h"
#include "Orthanc/ExceptionText.h"

namespace Ratatoskr
{
  InstanceOutcome InstanceProcessor::Process(const std::string& instanceId) const
  {
    InstanceOutcome outcome;
    outcome.source = instanceId;
    try
    {
      const std::optional<std::string> file = orthanc_.ReadInstance(instanceId);
      if (!file)
      {
        outcome.error = "instance " + instanceId + " could not be read from Orthanc (it may have been deleted)";
        return outcome;
      }

      Core::AnonymizationReport report;
      const std::string anonymized = anonymizer_.AnonymizeBuffer(file->data(), file->size(), context_, report);
      const StoredInstance stored = orthanc_.StoreInstance(anonymized);
      outcome.result = stored.id;
      outcome.resultStudy = stored.parentStudy;
      outcome.created = (stored.status == "Success");
    }
    catch (const Core::LeakError& e)
    {
      outcome.leak = true;
      outcome.error = "leak check failed on instance " + instanceId + ": " + e.what();
    }
    catch (const GatewayError& e)
    {
      outcome.error = "the anonymized version of instance " + instanceId + " was not stored: " + e.what();
    }
    catch (...)
    {
      outcome.error = "instance " + instanceId + ": " + DescribeCurrentException();
    }
    return outcome;
  }

  std::vector<InstanceOutcome> InstanceProcessor::ProcessBatch(const std::vector<std::string>& ids,
                                                               unsigned int threads) const
  {
    std::vector<InstanceOutcome> outcomes(ids.size());
    // Process() catches everything, so RunParallel has nothing to rethrow.
    Core::RunParallel(ids.size(), threads, [&](size_t i) { outcomes[i] = Process(ids[i]); });
    return outcomes;
  }
}
