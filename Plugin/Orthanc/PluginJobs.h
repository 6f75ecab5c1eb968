#pragma once

#include "Orthanc/Host.h"

#include <json/value.h>
#include <functional>
#include <memory>
#include <string>

namespace Ratatoskr
{
  enum class JobStepResult { Success, Failure, Continue };
  enum class JobStopReason { Success, Paused, Failure, Canceled };

  // A job of the plugin run by Orthanc's jobs engine (visible in /jobs, pausable, cancellable,
  // resubmittable, persisted when Serialize() gives an object). Orthanc calls these from several
  // threads, one at a time per callback kind but not in mutual exclusion: implementations lock.
  class PluginJob
  {
  public:
    virtual ~PluginJob() = default;
    virtual std::string Type() const = 0;
    virtual JobStepResult Step() = 0;                 // short (about a second at most) and idempotent
    virtual void Stop(JobStopReason reason) = 0;      // between steps: pause, cancel, failure, success
    virtual void Reset() = 0;                         // before a resubmission (never call /jobs from here)
    virtual float Progress() const = 0;               // 0..1
    virtual Json::Value Content() const = 0;          // JSON object shown in GET /jobs/{id}
    virtual Json::Value Serialize() const = 0;        // JSON object (without "Type"), or null if not persisted
  };

  using PluginJobFactory = std::function<std::unique_ptr<PluginJob>(const std::string& type,
                                                                     const Json::Value& serialized)>;

  // Submits a job to Orthanc's engine; returns its Orthanc job ID. Orthanc owns it afterwards.
  std::string SubmitJob(const Host& host, std::unique_ptr<PluginJob> job, int priority);

  // The factory that brings back persisted jobs when Orthanc starts (it returns null for types it does
  // not know). Only from OrthancPluginInitialize. ClearJobsUnserializer() in Finalize.
  void RegisterJobsUnserializer(const Host& host, PluginJobFactory factory);
  void ClearJobsUnserializer();
}
