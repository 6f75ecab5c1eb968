#include "Jobs/AnonymizationJob.h"

#include "Application.h"
#include "Clock.h"
#include "Delivery/BeforeSendHook.h"
#include "Delivery/DeliveryService.h"
#include "Delivery/EventPayloads.h"
#include "Delivery/WebhookOutbox.h"
#include "Jobs/InstanceProcessor.h"
#include "Jobs/LiveJobs.h"
#include "Jobs/MetadataIndexes.h"
#include "JsonIo.h"
#include "Orthanc/ExceptionText.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <thread>

namespace Ratatoskr
{
  const char* const AnonymizationJob::JobType = "RatatoskrAnonymization";

  namespace
  {
    std::vector<std::string> FromArray(const Json::Value& a)
    {
      std::vector<std::string> items;
      for (const Json::Value& v : a)
      {
        items.push_back(v.asString());
      }
      return items;
    }
  }

  const char* AnonymizationJob::PhaseName(Phase phase)
  {
    switch (phase)
    {
      case Phase::List: return "Listing";
      case Phase::Consult: return "Consulting";
      case Phase::Anonymize: return "Anonymizing";
      case Phase::Verify: return "Verifying";
      case Phase::Link: return "Linking";
      case Phase::DeleteOriginal: return "DeletingOriginal";
      case Phase::Deliver: return "Delivering";
      case Phase::Done: return "Done";
    }
    return "Listing";
  }

  AnonymizationJob::Phase AnonymizationJob::ParsePhase(const std::string& name)
  {
    for (Phase p : {Phase::List, Phase::Consult, Phase::Anonymize, Phase::Verify, Phase::Link, Phase::DeleteOriginal,
                    Phase::Deliver, Phase::Done})
    {
      if (name == PhaseName(p))
      {
        return p;
      }
    }
    throw std::runtime_error("unknown job phase \"" + name + "\"");
  }

  AnonymizationJob::AnonymizationJob(Application& app, const AnonymizationRequest& request)
    : app_(app), request_(request), createdAt_(Clock::NowUtc())
  {
    auto profile = app_.profiles->Get(request_.profile);
    profileVersion_ = profile->Version();
    profileHash_ = profile->Hash();
  }

  AnonymizationJob::AnonymizationJob(Application& app, const Json::Value& s)
    : app_(app), request_(AnonymizationRequest::FromJson(s["Request"]))
  {
    id_ = s.get("ID", "").asString();
    phase_ = ParsePhase(s.get("Phase", "Listing").asString());
    instances_ = FromArray(s["Instances"]);
    next_ = s.get("Next", 0).asUInt();
    outputs_ = FromArray(s["Outputs"]);
    created_ = FromArray(s["Created"]);
    removed_ = s.get("Removed", 0).asUInt();
    resultStudy_ = s.get("ResultStudy", "").asString();
    profileVersion_ = s.get("ProfileVersion", "").asString();
    profileHash_ = s.get("ProfileHash", "").asString();
    error_ = s.get("Error", "").asString();
    failedPhase_ = s.get("FailedPhase", "").asString();
    leakCheck_ = s.get("LeakCheck", "NotRun").asString();
    createdAt_ = s.get("CreatedAt", Clock::NowUtc()).asString();
    timings_ = s.isMember("Timings") ? s["Timings"] : Json::Value(Json::objectValue);
    if (next_ > instances_.size())
    {
      throw std::runtime_error("inconsistent job state");
    }
    // Orthanc reloads finished jobs into its history too: those are not waiting.
    state_ = phase_ == Phase::Done ? "Success" : error_.empty() ? "Pending" : error_ == "canceled" ? "Canceled"
                                                                                                   : "Failure";
    if (error_.empty() && app_.profiles->Has(request_.profile) &&
        app_.profiles->Get(request_.profile)->Hash() != profileHash_ && phase_ == Phase::Anonymize && next_ > 0)
    {
      // The profile changed while the job was stopped: mixing two versions in one study is not allowed.
      error_ = "the profile \"" + request_.profile + "\" changed since this job started; start a new job";
    }
    if (!id_.empty())
    {
      LiveJobs::Instance().Register(id_, this);  // Orthanc restores the job under the same ID
    }
  }

  AnonymizationJob::~AnonymizationJob()
  {
    if (!id_.empty())
    {
      LiveJobs::Instance().Unregister(id_, this);
    }
  }

  void AnonymizationJob::SetId(const std::string& id)
  {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      id_ = id;
      SaveAudit(true);
    }
    LiveJobs::Instance().Register(id, this);  // outside mutex_: LiveJobs::With locks the registry, then the job
  }

  bool AnonymizationJob::IsIdle() const
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return state_ == "Paused" || state_ == "Pending";
  }

  void AnonymizationJob::OnOrthancIdleState(const std::string& state)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if ((state_ == "Paused" || state_ == "Pending") && state_ != state)
    {
      state_ = state;
      SaveAudit(true);
    }
  }

  void AnonymizationJob::OnOrthancFailure()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (state_ == "Paused" || state_ == "Pending")
    {
      StopUnlocked(JobStopReason::Canceled);
    }
  }

  JobStepResult AnonymizationJob::Step()
  {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      state_ = "Running";
      if (!error_.empty())
      {
        failedPhase_ = PhaseName(phase_);
        return JobStepResult::Failure;
      }
      // A job whose record could not be written does no work until it can: a job nobody can follow or
      // audit is not worth running, and the record is where a delivery will be created.
      if (auditOwed_ && !SaveAudit(true))
      {
        error_ = "the plugin's database refused the job's record: " + auditError_;
        failedPhase_ = PhaseName(phase_);
        return JobStepResult::Failure;
      }
    }

    const auto start = std::chrono::steady_clock::now();
    const Phase phase = phase_;
    JobStepResult result;
    try
    {
      result = RunPhase();
    }
    catch (...)
    {
      Fail(DescribeCurrentException());
      result = JobStepResult::Failure;
    }

    std::lock_guard<std::mutex> lock(mutex_);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const char* name = PhaseName(phase);
    timings_[name] = timings_.get(name, 0.0).asDouble() + seconds;
    if (!SaveAudit(result != JobStepResult::Continue) && result != JobStepResult::Failure)
    {
      error_ = "the plugin's database refused the job's record: " + auditError_;
      failedPhase_ = name;
      result = JobStepResult::Failure;
    }
    return result;
  }

  JobStepResult AnonymizationJob::RunPhase()
  {
    // Only the step thread changes the phase; Content() and Progress() read it from other threads.
    auto moveTo = [this](Phase next)
    {
      std::lock_guard<std::mutex> lock(mutex_);
      phase_ = next;
      return next == Phase::Done ? JobStepResult::Success : JobStepResult::Continue;
    };
    const Phase afterLink = request_.deleteOriginal ? Phase::DeleteOriginal
                          : (request_.destination.empty() ? Phase::Done : Phase::Deliver);
    const Phase afterDelete = request_.destination.empty() ? Phase::Done : Phase::Deliver;

    switch (phase_)
    {
      case Phase::List:
        ListInstances();
        return moveTo(Phase::Consult);
      case Phase::Consult:
        ConsultBeforeSend();
        return moveTo(Phase::Anonymize);
      case Phase::Anonymize:
      {
        const bool finished = AnonymizeBatch();
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_.empty())
        {
          return JobStepResult::Failure;
        }
        if (finished)
        {
          phase_ = Phase::Verify;
        }
        return JobStepResult::Continue;
      }
      case Phase::Verify:
        Verify();
        return moveTo(Phase::Link);
      case Phase::Link:
        Link();
        return moveTo(afterLink);
      case Phase::DeleteOriginal:
        DeleteOriginal();
        return moveTo(afterDelete);
      case Phase::Deliver:
        Deliver();
        return moveTo(Phase::Done);
      case Phase::Done:
        return JobStepResult::Success;
    }
    return JobStepResult::Failure;
  }

  void AnonymizationJob::ListInstances()
  {
    std::optional<std::vector<std::string>> listed =
      app_.orthanc->ListInstances(ParseResourceLevel(request_.level), request_.resource);
    if (!listed)
    {
      throw std::runtime_error("the source " + std::string(request_.level == "Series" ? "series " : "study ") +
                               request_.resource + " no longer exists in Orthanc");
    }
    std::vector<std::string> ids = std::move(*listed);
    if (ids.empty())
    {
      throw std::runtime_error("the source has no instances");
    }
    std::sort(ids.begin(), ids.end());
    std::lock_guard<std::mutex> lock(mutex_);
    instances_ = ids;
    next_ = 0;
    outputs_.clear();
  }

  bool AnonymizationJob::AnonymizeBatch()
  {
    unsigned int threads = app_.configuration.concurrentInstances;
    if (threads == 0)
    {
      threads = 2 * std::max(1u, std::thread::hardware_concurrency());
    }

    std::vector<std::string> batch;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const size_t end = std::min(instances_.size(), next_ + 2 * static_cast<size_t>(threads));
      batch.assign(instances_.begin() + static_cast<std::ptrdiff_t>(next_),
                   instances_.begin() + static_cast<std::ptrdiff_t>(end));
    }

    const Core::AnonymizationContext context = request_.Context(app_.configuration.failOnLeak);
    const Core::Anonymizer anonymizer(app_.profiles->Get(request_.profile), *app_.pseudonymizer);
    const InstanceProcessor processor(*app_.orthanc, anonymizer, context);
    const std::vector<InstanceOutcome> outcomes = processor.ProcessBatch(batch, threads);

    std::lock_guard<std::mutex> lock(mutex_);
    for (const InstanceOutcome& o : outcomes)
    {
      if (o.created)
      {
        created_.push_back(o.result);
      }
    }
    for (const InstanceOutcome& o : outcomes)
    {
      if (!o.error.empty())
      {
        if (o.leak)
        {
          leakCheck_ = "Failed";
        }
        error_ = o.error;
        failedPhase_ = PhaseName(phase_);
        return false;
      }
      outputs_.push_back(o.result);
      if (resultStudy_.empty())
      {
        resultStudy_ = o.resultStudy;
      }
      next_++;
    }
    if (next_ == instances_.size())
    {
      leakCheck_ = app_.configuration.failOnLeak ? "Passed" : "NotEnforced";
      return true;
    }
    return false;
  }

  void AnonymizationJob::Verify()
  {
    const std::optional<std::vector<std::string>> listed = app_.orthanc->ListInstances(ResourceLevel::Study,
                                                                                      resultStudy_);
    if (!listed)
    {
      throw std::runtime_error("the anonymized study " + resultStudy_ + " cannot be found in Orthanc");
    }
    const std::set<std::string> stored(listed->begin(), listed->end());
    size_t missing = 0;
    for (const std::string& id : outputs_)
    {
      missing += stored.count(id) == 0 ? 1 : 0;
    }
    if (missing > 0)
    {
      throw std::runtime_error(std::to_string(missing) + " anonymized instances are missing from study " +
                               resultStudy_ + " (deleted meanwhile?)");
    }
  }

  void AnonymizationJob::Link()
  {
    const OrthancGateway& orthanc = *app_.orthanc;
    auto put = [&orthanc](const std::string& study, int index, const std::string& value)
    {
      orthanc.SetMetadata(ResourceLevel::Study, study, std::to_string(index), value);
    };
    put(resultStudy_, MetadataIndex::ResultSource, request_.level + "/" + request_.resource);
    put(resultStudy_, MetadataIndex::ResultJob, id_);
    put(resultStudy_, MetadataIndex::ResultProfile, request_.profile + " v" + profileVersion_ + " #" + profileHash_);
    if (request_.level == "Study")
    {
      put(request_.resource, MetadataIndex::SourceResult, resultStudy_);
    }
  }

  void AnonymizationJob::DeleteOriginal()
  {
    try
    {
      app_.orthanc->Delete(ParseResourceLevel(request_.level), request_.resource);  // already gone: fine
    }
    catch (const GatewayError& e)
    {
      throw std::runtime_error(std::string("the anonymized study is stored and verified, but the original could "
                                           "not be deleted: ") + e.what());
    }
  }

  void AnonymizationJob::ConsultBeforeSend()
  {
    auto destination = app_.configuration.destinations.find(request_.destination);
    if (destination == app_.configuration.destinations.end() || destination->second.beforeSend.empty())
    {
      return;
    }
    const std::string& hook = destination->second.beforeSend;
    // What the case is, and nothing that identifies anyone: modalities, body parts, counts, the job's metadata.
    Json::Value data;
    data["JobId"] = id_;
    data["Destination"] = request_.destination;
    data["Level"] = request_.level;
    data["Profile"]["Name"] = request_.profile;
    data["Profile"]["Version"] = profileVersion_;
    data["Metadata"] = request_.metadata;
    data["Modalities"] = Json::arrayValue;
    data["BodyParts"] = Json::arrayValue;
    std::set<std::string> modalities, bodyParts;
    const auto series = app_.orthanc->SeriesMainTags(ParseResourceLevel(request_.level), request_.resource);
    for (const Json::Value& tags : series.value_or(std::vector<Json::Value>()))
    {
      modalities.insert(tags.get("Modality", "").asString());
      bodyParts.insert(tags.get("BodyPartExamined", "").asString());
    }
    for (const std::string& m : modalities) if (!m.empty()) data["Modalities"].append(m);
    for (const std::string& b : bodyParts) if (!b.empty()) data["BodyParts"].append(b);
    data["SeriesCount"] = static_cast<Json::UInt>(series ? series->size() : 0);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      data["InstanceCount"] = static_cast<Json::UInt>(instances_.size());
    }

    const Delivery::BeforeSendAnswer answer = Delivery::AskBeforeSend(app_.outbox->Targets().at(hook), *app_.http,
                                                                      data, Clock::NowMilliseconds());
    switch (answer.verdict)
    {
      case Delivery::BeforeSendAnswer::Verdict::Go:
        {
          std::lock_guard<std::mutex> lock(mutex_);
          for (const std::string& key : answer.metadata.getMemberNames())
          {
            request_.metadata[key] = answer.metadata[key];  // feeds the profile's placeholders ({CaseTitle})
          }
        }
        return;
      case Delivery::BeforeSendAnswer::Verdict::Refused:
        throw std::runtime_error("the before-send hook \"" + hook + "\" refused the case (HTTP " +
                                 std::to_string(answer.httpStatus) + "): " + answer.reason);
      case Delivery::BeforeSendAnswer::Verdict::Unreachable:
        throw std::runtime_error("the before-send hook \"" + hook + "\" did not answer yes or no (" + answer.reason +
                                 "); resubmit the job when it answers");
    }
  }

  void AnonymizationJob::Deliver()
  {
    // The delivery is created in the step that ends the job, in one transaction with the job's record, and
    // driven by the plugin's delivery worker from then on: no job worker waits for a STOW job. A step run
    // again (after a restart) finds the delivery it made: its ID was chosen at submission.
    DeliveryRecord existing;
    if (app_.store->Deliveries().Get(request_.deliveryId, existing))
    {
      return;
    }
    DeliveryRecord delivery = app_.deliveries->Prepare(resultStudy_, request_.destination, id_);
    delivery.id = request_.deliveryId;
    JobRecord record;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      record = AuditRecordUnlocked();
    }
    app_.store->Transaction([&](StoreSession& session)
    {
      session.JobAudit().Save(record);
      session.Deliveries().Create(delivery);
    });
    app_.deliveries->Wake();
  }

  void AnonymizationJob::Fail(const std::string& message)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    error_ = message;
    failedPhase_ = PhaseName(phase_);
  }

  bool AnonymizationJob::StopRollsBack() const
  {
    return phase_ == Phase::List || phase_ == Phase::Consult || phase_ == Phase::Anonymize;
  }

  void AnonymizationJob::RollBack()
  {
    // The phase and the counts stay as they were, so the audit says where the job stopped and how far it got;
    // Reset() (resubmit) starts from Listing again.
    std::vector<std::string> kept;
    for (const std::string& id : created_)
    {
      try
      {
        app_.orthanc->Delete(ResourceLevel::Instance, id);  // false when already gone: removed too
        removed_++;
      }
      catch (const GatewayError& e)
      {
        kept.push_back(id);  // still this job's: the next rollback tries again
        app_.host.LogError(std::string("Ratatoskr: job ") + id_ + " could not remove what it created: " + e.what());
      }
    }
    created_ = std::move(kept);
    outputs_.clear();
    resultStudy_.clear();  // the job has no result (an existing study of the same pseudonyms is not its result)
  }

  void AnonymizationJob::Stop(JobStopReason reason)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    StopUnlocked(reason);
  }

  void AnonymizationJob::StopUnlocked(JobStopReason reason)
  {
    switch (reason)
    {
      case JobStopReason::Success:
        state_ = "Success";
        break;
      case JobStopReason::Paused:
        state_ = "Paused";
        break;
      case JobStopReason::Canceled:
      case JobStopReason::Failure:
        state_ = reason == JobStopReason::Canceled ? "Canceled" : "Failure";
        if (reason == JobStopReason::Canceled && error_.empty())
        {
          error_ = "canceled";
          failedPhase_ = PhaseName(phase_);
        }
        if (StopRollsBack())
        {
          RollBack();  // nothing half-stored: the anonymized instances this job created go
        }
        break;
    }
    if (reason == JobStopReason::Failure && !id_.empty())
    {
      TellWebhooksOfFailure(AuditRecordUnlocked());  // writes the record with the event
    }
    else
    {
      SaveAudit(true);
    }
  }

  void AnonymizationJob::Reset()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    error_.clear();
    failedPhase_.clear();
    if (leakCheck_ == "Failed")
    {
      leakCheck_ = "NotRun";
    }
    if (StopRollsBack())
    {
      // Rolled back (or canceled while idle before the clean-up saw it; then created_ still holds what the
      // job made, and a rollback later removes it): list and anonymize from the start again.
      phase_ = Phase::List;
      instances_.clear();
      next_ = 0;
      outputs_.clear();
      resultStudy_.clear();
      removed_ = 0;
    }
    state_ = "Pending";
    SaveAudit(true);
  }

  float AnonymizationJob::Progress() const
  {
    std::lock_guard<std::mutex> lock(mutex_);
    switch (phase_)
    {
      case Phase::List: return 0.0f;
      case Phase::Consult: return 0.01f;
      case Phase::Anonymize:
        return instances_.empty() ? 0.02f
                                  : 0.02f + 0.9f * static_cast<float>(next_) / static_cast<float>(instances_.size());
      case Phase::Verify: return 0.93f;
      case Phase::Link: return 0.95f;
      case Phase::DeleteOriginal: return 0.97f;
      case Phase::Deliver: return 0.98f;
      case Phase::Done: return 1.0f;
    }
    return 0.0f;
  }

  Json::Value AnonymizationJob::ContentUnlocked() const
  {
    Json::Value c;
    c["Step"] = PhaseName(phase_);
    c["Level"] = request_.level;
    c["Source"] = request_.resource;
    c["Profile"] = request_.profile;
    c["ProfileVersion"] = profileVersion_;
    c["ProfileHash"] = profileHash_;
    c["Destination"] = request_.destination;
    c["DeleteOriginal"] = request_.deleteOriginal;
    c["Origin"] = request_.origin;
    c["InstancesTotal"] = static_cast<Json::UInt64>(instances_.size());
    c["InstancesDone"] = static_cast<Json::UInt64>(next_);
    c["InstancesCreated"] = static_cast<Json::UInt64>(created_.size() + removed_);  // since the last (re)start
    c["InstancesRemoved"] = static_cast<Json::UInt64>(removed_);                   // by the rollback
    c["ResultStudy"] = resultStudy_;
    if (!request_.deliveryId.empty())
    {
      c["DeliveryId"] = request_.deliveryId;
    }
    c["LeakCheck"] = leakCheck_;
    c["Timings"] = timings_;
    if (!error_.empty())
    {
      c["Error"] = error_;
      c["FailedStep"] = failedPhase_;
    }
    return c;
  }

  Json::Value AnonymizationJob::Content() const
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return ContentUnlocked();
  }

  Json::Value AnonymizationJob::Serialize() const
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Json::Value s;
    s["ID"] = id_;
    s["Request"] = request_.ToJson();
    s["Phase"] = PhaseName(phase_);
    s["Instances"] = JsonIo::Array(instances_);
    s["Next"] = static_cast<Json::UInt64>(next_);
    s["Outputs"] = JsonIo::Array(outputs_);
    s["Created"] = JsonIo::Array(created_);
    s["Removed"] = static_cast<Json::UInt64>(removed_);
    s["ResultStudy"] = resultStudy_;
    s["ProfileVersion"] = profileVersion_;
    s["ProfileHash"] = profileHash_;
    s["Error"] = error_;
    s["FailedPhase"] = failedPhase_;
    s["LeakCheck"] = leakCheck_;
    s["CreatedAt"] = createdAt_;
    s["Timings"] = timings_;
    return s;
  }

  JobRecord AnonymizationJob::AuditRecordUnlocked() const
  {
    JobRecord record;
    record.id = id_;
    record.type = request_.destination.empty() ? "Anonymize" : "AnonymizeAndSend";
    record.state = state_;
    record.sourceStudy = request_.resource;
    record.resultStudy = resultStudy_;
    record.createdAt = createdAt_;
    record.updatedAt = Clock::NowUtc();
    record.document = ContentUnlocked();
    record.document["Metadata"] = request_.metadata;
    return record;
  }

  void AnonymizationJob::TellWebhooksOfFailure(const JobRecord& record)
  {
    // job.failed goes to the destination's webhooks, or to every webhook that wants it for an anonymization
    // without a destination. Written with the record, in one transaction.
    std::vector<std::string> webhooks;
    auto destination = app_.configuration.destinations.find(request_.destination);
    if (destination != app_.configuration.destinations.end())
    {
      webhooks = destination->second.webhooks;
      if (webhooks.empty())
      {
        return;
      }
    }
    try
    {
      const StoreTime now = Clock::NowMilliseconds();
      app_.store->Transaction([&](StoreSession& session)
      {
        session.JobAudit().Save(record);
        app_.outbox->Enqueue(session, webhooks, "job.failed",
                             Delivery::EventPayloads::JobFailed(record, app_.pseudonymizer->KeyId()), id_, now);
      });
    }
    catch (...)
    {
      app_.host.LogError("Ratatoskr: job " + id_ + " failed, and its job.failed event could not be written: " +
                         DescribeCurrentException());
    }
  }

  bool AnonymizationJob::SaveAudit(bool force)
  {
    const auto now = std::chrono::steady_clock::now();
    if (id_.empty() || (!force && !auditOwed_ && now - lastAudit_ < std::chrono::seconds(2)))
    {
      return true;
    }
    lastAudit_ = now;
    const JobRecord record = AuditRecordUnlocked();
    try
    {
      app_.store->JobAudit().Save(record);
      auditOwed_ = false;
      return true;
    }
    catch (...)
    {
      auditOwed_ = true;
      auditError_ = DescribeCurrentException();
      app_.host.LogError("Ratatoskr: cannot save the audit of job " + id_ + ": " + auditError_);
      return false;
    }
  }
}
