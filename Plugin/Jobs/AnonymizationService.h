#pragma once

#include "Jobs/AnonymizationRequest.h"
#include "Orthanc/PluginJobs.h"

#include <json/value.h>
#include <memory>
#include <string>

namespace Ratatoskr
{
  struct Application;

  // Starts anonymization jobs for REST calls and rules: checks the request (resource, profile,
  // destination) with precise errors, submits the job, records it in the audit, and waits for it in
  // synchronous mode. Also brings persisted jobs back after a restart.
  class AnonymizationService
  {
  public:
    explicit AnonymizationService(Application& app) : app_(app) {}

    // Throws HttpError: 404 unknown resource, 400 unknown profile or destination.
    void Check(const AnonymizationRequest& request) const;

    // Throws HttpError 400 naming the known profiles in "Details" if the profile does not exist.
    void CheckProfile(const std::string& profile) const;

    // Checks, submits and returns the Orthanc job ID.
    std::string Submit(const AnonymizationRequest& request) const;

    // Waits until the job leaves Pending/Running (no time limit, like Orthanc's own synchronous
    // routes) and returns its audit entry as JSON.
    Json::Value WaitAndDescribe(const std::string& jobId) const;

    // The audit entry of a job as the REST API shows it; false if unknown.
    bool Describe(const std::string& jobId, Json::Value& description) const;

    // Finds jobs that Orthanc shows as failed while they were waiting (canceled when paused or pending:
    // Orthanc 1.10.1 calls no job code then) and makes them clean up. Called periodically.
    void CleanUpJobsCanceledWhileIdle() const;

    std::unique_ptr<PluginJob> Unserialize(const std::string& type, const Json::Value& serialized) const;

  private:
    Application& app_;
  };
}
