#pragma once

#include <json/value.h>
#include <map>
#include <string>
#include <vector>

namespace Ratatoskr
{
  // One audit entry of a plugin job: what started it, where it is, what it produced. Never patient data.
  struct JobRecord
  {
    std::string id;              // Orthanc job ID
    std::string type;            // "Anonymize", "AnonymizeAndSend", ...
    std::string state;           // Pending, Running, Success, Failure, ...
    std::string sourceStudy;     // Orthanc ID of the source study
    std::string resultStudy;     // Orthanc ID of the anonymized study, when known
    std::string createdAt;       // ISO 8601 UTC
    std::string updatedAt;
    Json::Value document = Json::objectValue;  // everything else (profile, counts, timings, errors)
  };

  // The audit of the plugin's jobs, kept beyond Orthanc's short job history.
  class JobAuditStore
  {
  public:
    virtual ~JobAuditStore() = default;

    virtual void Save(const JobRecord& job) = 0;  // insert or replace
    virtual bool Get(const std::string& id, JobRecord& job) = 0;
    // Most recent first; `offset` entries skipped (the `since` of GET /ratatoskr/jobs).
    virtual std::vector<JobRecord> List(unsigned int limit, unsigned int offset) = 0;
    // How many entries are in each `state` (for the metrics, read every few seconds: one cheap query).
    virtual std::map<std::string, unsigned int> CountByState() = 0;
  };
}
