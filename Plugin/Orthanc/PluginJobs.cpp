#include "Orthanc/PluginJobs.h"

#include "JsonIo.h"
#include "Orthanc/ExceptionText.h"
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

    // Only from a catch block.
    void LogFailure(const JobAdapter* a, const char* where)
    {
      a->host->LogError(std::string("Ratatoskr: job ") + where + " failed: " + DescribeCurrentException());
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
      catch (...)
      {
        LogFailure(a, "progress");
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
      catch (...)
      {
        LogFailure(a, "content");
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
      catch (...)
      {
        LogFailure(a, "serialization");
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
      catch (...)
      {
        LogFailure(a, "step");
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
      catch (...)
      {
        LogFailure(a, "stop");
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
      catch (...)
      {
        LogFailure(a, "reset");
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
      catch (...)
      {
        unserializerHost->LogError(std::string("Ratatoskr: cannot bring back a job of type ") + type + ": " +
                                   DescribeCurrentException());
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
