#include "Jobs/AnonymizationService.h"

#include "Application.h"
#include "Clock.h"
#include "Core/RandomBytes.h"
#include "Jobs/AnonymizationJob.h"
#include "Jobs/LiveJobs.h"
#include "JsonIo.h"
#include "Orthanc/HttpError.h"

#include <chrono>
#include <thread>

namespace Ratatoskr
{
  void AnonymizationService::Check(const AnonymizationRequest& request) const
  {
    if (request.level != "Study" && request.level != "Series")
    {
      throw HttpError(400, "Unknown level \"" + request.level + "\"");
    }
    if (!app_.orthanc->Exists(ParseResourceLevel(request.level), request.resource))
    {
      throw HttpError(404, "Unknown " + std::string(request.level == "Study" ? "study" : "series") + " \"" +
                      request.resource + "\"");
    }
    CheckProfile(request.profile);
    if (!request.destination.empty() && app_.configuration.destinations.count(request.destination) == 0)
    {
      throw HttpError(400, "Unknown destination \"" + request.destination + "\"",
                      JsonIo::Keys(app_.configuration.destinations));
    }
  }

  void AnonymizationService::CheckProfile(const std::string& profile) const
  {
    if (!app_.profiles->Has(profile))
    {
      throw HttpError(400, "Unknown profile \"" + profile + "\"", JsonIo::Array(app_.profiles->ListNames()));
    }
  }

  std::string AnonymizationService::Submit(const AnonymizationRequest& request) const
  {
    Check(request);
    // A job needs its record: when the plugin's database cannot be written (locked by another process), the
    // caller hears it now (StoreError, 503) and no job starts.
    app_.store->Settings().Set("LastJobSubmission", Clock::NowUtc());
    AnonymizationRequest withDelivery = request;
    if (!request.destination.empty() && request.deliveryId.empty())
    {
      withDelivery.deliveryId = "dlv_" + Core::RandomHex(16);
    }
    auto job = std::make_unique<AnonymizationJob>(app_, withDelivery);
    AnonymizationJob* raw = job.get();
    const std::string id = SubmitJob(app_.host, std::move(job), request.priority);
    // The job may already run on a worker: SetId locks the job, and the job object lives until
    // Orthanc finalizes it, which cannot happen before it was registered, i.e. before this returns.
    raw->SetId(id);
    app_.host.LogInfo("Ratatoskr: job " + id + " started (" + request.level + " " + request.resource +
                      ", profile " + request.profile + ", " + request.origin + ")");
    return id;
  }

  bool AnonymizationService::Describe(const std::string& jobId, Json::Value& description) const
  {
    JobRecord record;
    if (!app_.store->JobAudit().Get(jobId, record))
    {
      return false;
    }
    description = record.document;
    description["ID"] = record.id;
    description["Type"] = record.type;
    description["State"] = record.state;
    description["SourceStudy"] = record.sourceStudy;
    description["ResultStudy"] = record.resultStudy;
    description["CreationTime"] = record.createdAt;
    description["UpdateTime"] = record.updatedAt;
    return true;
  }

  Json::Value AnonymizationService::WaitAndDescribe(const std::string& jobId) const
  {
    std::optional<OrthancJobStatus> job;
    for (;;)
    {
      job = app_.orthanc->GetJob(jobId);
      if (!job || job->state == "Success" || job->state == "Failure")
      {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // The audit is written by the job's stop callback right after the state changed: give it a moment.
    Json::Value description;
    for (int i = 0; i < 50; i++)
    {
      if (Describe(jobId, description) && description["State"].asString() != "Running" &&
          description["State"].asString() != "Pending")
      {
        return description;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // No final audit entry (the plugin's database refused it): what the job itself says.
    if (job)
    {
      description = job->content;
      description["ID"] = jobId;
      description["State"] = job->state;
    }
    return description;
  }

  void AnonymizationService::CleanUpJobsCanceledWhileIdle() const
  {
    for (const std::string& id : LiveJobs::Instance().Ids())
    {
      bool idle = false;
      LiveJobs::Instance().With(id, [&idle](AnonymizationJob& job) { idle = job.IsIdle(); });
      if (idle)
      {
        const std::optional<OrthancJobStatus> job = app_.orthanc->GetJob(id);
        if (job && job->state == "Failure")
        {
          LiveJobs::Instance().With(id, [](AnonymizationJob& job) { job.OnOrthancFailure(); });
        }
        else if (job && (job->state == "Paused" || job->state == "Pending"))
        {
          // Paused (or resumed) before it ever ran: Orthanc called no job code, the audit follows here.
          const std::string state = job->state;
          LiveJobs::Instance().With(id, [&state](AnonymizationJob& job) { job.OnOrthancIdleState(state); });
        }
      }
    }
  }

  std::unique_ptr<PluginJob> AnonymizationService::Unserialize(const std::string& type,
                                                               const Json::Value& serialized) const
  {
    if (type != AnonymizationJob::JobType)
    {
      return nullptr;
    }
    return std::make_unique<AnonymizationJob>(app_, serialized);
  }
}
