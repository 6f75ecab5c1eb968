#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace Ratatoskr
{
  class AnonymizationJob;

  // The anonymization jobs that exist in this process, by Orthanc job ID. Orthanc 1.10.1 calls no job code
  // and sends no JobFailure event when a paused or pending job is canceled; a periodic check finds such jobs
  // through this registry. Process-wide (not per Application): a job object may outlive the plugin instance that
  // made it across /tools/reset. A job registers once it has its ID and unregisters in its destructor.
  class LiveJobs
  {
  public:
    static LiveJobs& Instance();

    void Register(const std::string& id, AnonymizationJob* job);
    void Unregister(const std::string& id, const AnonymizationJob* job);

    std::vector<std::string> Ids();

    // Calls `action` with the job while holding the registry lock (the job cannot be destroyed meanwhile).
    // False if no job has this ID.
    bool With(const std::string& id, const std::function<void(AnonymizationJob&)>& action);

  private:
    std::mutex mutex_;
    std::map<std::string, AnonymizationJob*> jobs_;
  };
}
