#include "Orthanc/PluginJobs.h"

#include "JsonIo.h"
#include "Orthanc/SdkMemory.h"

#include <orthanc/OrthancCPlugin.h>

#include <mutex>
#include <stdexcept>

namespace Ratatoskr
{
  namespace
  {
    // Holds the job and the strings handed to Orthanc, which must stay valid until the next call.
    struct JobAdapter
    {
      const Host* host;
      std::unique_ptr<PluginJob> job;
      std::mutex mutex;
      std::string content;
      std::string serialized;
    };

    // Orthanc's unserializer callback carries no user data: the plugin's factory lives here while loaded.
    const Host* unserializerHost = nullptr;
    PluginJobFactory unserializerFactory;

    void LogFailure(const JobAdapter* a, const char* where, const std::exception& e)
    {
      a->host->LogError(std::string("Ratatoskr: job ") + where + " failed: " + e.what());
    }

    void Finalize(void* job)
    {
      delete static_cast<JobAdapter*>(job);
    }

    float GetProgress(void* job)
    {
      auto* a = static_cast<JobAdapter*>(job);
      try
      {
        return a->job->Progress();
      }
      catch (const std::exception& e)
      {
        LogFailure(a, "progress", e);
        return 0;
      }
    }

    const char* GetContent(void* job)
    {
      auto* a = static_cast<JobAdapter*>(job);
      std::lock_guard<std::mutex> lock(a->mutex);
      try
      {
        a->content = JsonIo::Compact(a->job->Content());
      }
      catch (const std::exception& e)
      {
        LogFailure(a, "content", e);
        a->content = "{}";
      }
      return a->content.c_str();
    }

    const char* GetSerialized(void* job)
    {
      auto* a = static_cast<JobAdapter*>(job);
      std::lock_guard<std::mutex> lock(a->mutex);
      try
      {
        Json::Value s = a->job->Serialize();
        if (!s.isObject())
        {
          return nullptr;
        }
        a->serialized = JsonIo::Compact(s);
        return a->serialized.c_str();
      }
      catch (const std::exception& e)
      {
        LogFailure(a, "serialization", e);
        return nullptr;
      }
    }

    OrthancPluginJobStepStatus Step(void* job)
    {
      auto* a = static_cast<JobAdapter*>(job);
      try
      {
        switch (a->job->Step())
        {
          case JobStepResult::Success: return OrthancPluginJobStepStatus_Success;
          case JobStepResult::Continue: return OrthancPluginJobStepStatus_Continue;
          case JobStepResult::Failure: return OrthancPluginJobStepStatus_Failure;
        }
      }
      catch (const std::exception& e)
      {
        LogFailure(a, "step", e);
      }
      return OrthancPluginJobStepStatus_Failure;
    }

    OrthancPluginErrorCode Stop(void* job, OrthancPluginJobStopReason reason)
    {
      auto* a = static_cast<JobAdapter*>(job);
      try
      {
        JobStopReason r = JobStopReason::Failure;
        switch (reason)
        {
          case OrthancPluginJobStopReason_Success: r = JobStopReason::Success; break;
          case OrthancPluginJobStopReason_Paused: r = JobStopReason::Paused; break;
          case OrthancPluginJobStopReason_Canceled: r = JobStopReason::Canceled; break;
          default: r = JobStopReason::Failure; break;
        }
        a->job->Stop(r);
        return OrthancPluginErrorCode_Success;
      }
      catch (const std::exception& e)
      {
        LogFailure(a, "stop", e);
        return OrthancPluginErrorCode_Plugin;
      }
    }

    OrthancPluginErrorCode Reset(void* job)
    {
      auto* a = static_cast<JobAdapter*>(job);
      try
      {
        a->job->Reset();
        return OrthancPluginErrorCode_Success;
      }
      catch (const std::exception& e)
      {
        LogFailure(a, "reset", e);
        return OrthancPluginErrorCode_Plugin;
      }
    }

    OrthancPluginJob* Wrap(const Host& host, std::unique_ptr<PluginJob> job)
    {
      const std::string type = job->Type();
      auto adapter = std::make_unique<JobAdapter>();
      adapter->host = &host;
      adapter->job = std::move(job);
      OrthancPluginJob* created = OrthancPluginCreateJob(host.Context(), adapter.get(), Finalize, type.c_str(),
                                                         GetProgress, GetContent, GetSerialized, Step, Stop, Reset);
      if (created == nullptr)
      {
        throw std::runtime_error("Orthanc could not create the job");
      }
      adapter.release();  // owned by Orthanc from now on: freed through Finalize
      return created;
    }

    OrthancPluginJob* Unserialize(const char* type, const char* serialized)
    {
      if (unserializerHost == nullptr || !unserializerFactory)
      {
        return nullptr;
      }
      try
      {
        Json::Value value;
        if (!JsonIo::Parse(serialized, value) || !value.isObject())
        {
          return nullptr;
        }
        std::unique_ptr<PluginJob> job = unserializerFactory(type, value);
        return job ? Wrap(*unserializerHost, std::move(job)) : nullptr;
      }
      catch (const std::exception& e)
      {
        unserializerHost->LogError(std::string("Ratatoskr: cannot bring back a job of type ") + type + ": " +
                                   e.what());
        return nullptr;
      }
    }
  }

  std::string SubmitJob(const Host& host, std::unique_ptr<PluginJob> job, int priority)
  {
    OrthancPluginJob* created = Wrap(host, std::move(job));
    char* id = OrthancPluginSubmitJob(host.Context(), created, priority);
    if (id == nullptr)
    {
      throw std::runtime_error("Orthanc refused the job");
    }
    return SdkString(host.Context(), id).Str();
  }

  void RegisterJobsUnserializer(const Host& host, PluginJobFactory factory)
  {
    unserializerHost = &host;
    unserializerFactory = std::move(factory);
    OrthancPluginRegisterJobsUnserializer(host.Context(), Unserialize);
  }

  void ClearJobsUnserializer()
  {
    unserializerHost = nullptr;
    unserializerFactory = nullptr;
  }
}
