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
      RestAnswer file = host_.Call(HttpMethod::Get, "/instances/" + instanceId + "/file", "", false);
      if (!file.Ok())
      {
        outcome.error = "instance " + instanceId + " could not be read from Orthanc (it may have been deleted)";
        return outcome;
      }

      Core::AnonymizationReport report;
      const std::string anonymized = anonymizer_.AnonymizeBuffer(file.body.data(), file.body.size(), context_, report);

      RestAnswer stored = host_.Call(HttpMethod::Post, "/instances", anonymized, false);
      if (!stored.Ok())
      {
        outcome.error = "Orthanc refused to store the anonymized version of instance " + instanceId +
                        " (error " + std::to_string(stored.orthancError) + ", HTTP " +
                        std::to_string(stored.status) + ")";
        return outcome;
      }
      const Json::Value answer = stored.Json();
      const std::string status = answer["Status"].asString();
      if (status != "Success" && status != "AlreadyStored")
      {
        outcome.error = "Orthanc did not store the anonymized version of instance " + instanceId + " (status " +
                        status + ")";
        return outcome;
      }
      outcome.result = answer["ID"].asString();
      outcome.resultStudy = answer["ParentStudy"].asString();
      outcome.created = (status == "Success");
    }
    catch (const Core::LeakError& e)
    {
      outcome.leak = true;
      outcome.error = "leak check failed on instance " + instanceId + ": " + e.what();
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
