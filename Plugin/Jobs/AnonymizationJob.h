#pragma once

#include "Jobs/AnonymizationRequest.h"
#include "Orthanc/PluginJobs.h"
#include "Store/JobAuditStore.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace Ratatoskr
{
  struct Application;

  // The pipeline job: list the source instances, anonymize and store them in parallel batches,
  // verify the result, link source and result with metadata, optionally delete the original, then
  // deliver. Each step is short and idempotent (pseudonyms are deterministic, so a step run again
  // finds its instances already stored). A failure or cancellation while anonymizing removes the
  // instances this job created, so nothing half-done is left; resubmitting starts that part again.
  class AnonymizationJob : public PluginJob
  {
  public:
    static const char* const JobType;

    AnonymizationJob(Application& app, const AnonymizationRequest& request);
    AnonymizationJob(Application& app, const Json::Value& serialized);  // throws std::runtime_error
    ~AnonymizationJob() override;

    // Must be called once the job has its Orthanc ID (after submission).
    void SetId(const std::string& id);

    std::string Type() const override { return JobType; }
    JobStepResult Step() override;
    void Stop(JobStopReason reason) override;
    void Reset() override;
    float Progress() const override;
    Json::Value Content() const override;
    Json::Value Serialize() const override;

    // True while the job waits (pending or paused): Orthanc calls no job code if it is canceled then.
    bool IsIdle() const;

    // Orthanc shows this job as failed. If no stop callback came (it was paused or pending when it was
    // canceled), do what Stop(Canceled) does: remove what it created and record the cancellation.
    void OnOrthancFailure();
    void OnOrthancIdleState(const std::string& state);  // "Paused" or "Pending", set by Orthanc alone

  private:
    enum class Phase { List, Consult, Anonymize, Verify, Link, DeleteOriginal, Deliver, Done };
    static const char* PhaseName(Phase phase);
    static Phase ParsePhase(const std::string& name);

    JobStepResult RunPhase();
    void ListInstances();
    bool AnonymizeBatch();     // true when every instance is done
    void Verify();
    void Link();
    void DeleteOriginal();
    void Deliver();
    void ConsultBeforeSend();  // the destination's before-send hook: may refuse the case or give metadata
    void RollBack();           // removes what this job created; keeps where it stopped, for the audit
    bool StopRollsBack() const;  // a failure or cancel in this phase rolls back; a resubmit then lists again
    void Fail(const std::string& message);
    void StopUnlocked(JobStopReason reason);
    // Writes the audit entry (at most every 2 s unless forced). Returns false when the store refused it
    // (e.g. its database is locked by another process): the entry is then owed, and auditError_ says why.
    bool SaveAudit(bool force);
    JobRecord AuditRecordUnlocked() const;
    void TellWebhooksOfFailure(const JobRecord& record);
    Json::Value ContentUnlocked() const;

    Application& app_;
    AnonymizationRequest request_;
    mutable std::mutex mutex_;

    std::string id_;
    Phase phase_ = Phase::List;
    std::vector<std::string> instances_;   // source instances, sorted
    size_t next_ = 0;                      // instances done
    std::vector<std::string> outputs_;     // anonymized instances (Orthanc IDs)
    std::vector<std::string> created_;     // the ones this job created and are still stored (rollback removes them)
    size_t removed_ = 0;                   // created instances the rollback removed (for the audit)
    std::string resultStudy_;
    std::string profileVersion_, profileHash_;
    std::string state_ = "Pending";
    std::string error_, failedPhase_;
    std::string leakCheck_ = "NotRun";
    std::string createdAt_;
    Json::Value timings_ = Json::objectValue;  // seconds per phase
    std::chrono::steady_clock::time_point lastAudit_;
    bool auditOwed_ = false;   // the last write of the audit failed: the next step writes it first
    std::string auditError_;
  };
}
