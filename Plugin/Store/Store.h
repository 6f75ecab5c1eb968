#pragma once

#include <json/value.h>
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

  // The plugin's own state. Narrow on purpose, so that a PostgreSQL implementation can follow.
  // Implementations are thread-safe.
  class Store
  {
  public:
    virtual ~Store() = default;

    virtual std::string Type() const = 0;
    virtual std::string Location() const = 0;
    virtual int SchemaVersion() const = 0;

    virtual bool GetSetting(const std::string& key, std::string& value) = 0;
    virtual void SetSetting(const std::string& key, const std::string& value) = 0;
    // Sets the value only if the key has none yet; returns the value now stored (race-free).
    virtual std::string SetSettingIfAbsent(const std::string& key, const std::string& value) = 0;

    virtual void SaveJob(const JobRecord& job) = 0;  // insert or replace
    virtual bool GetJob(const std::string& id, JobRecord& job) = 0;
    // Most recent first.
    virtual std::vector<JobRecord> ListJobs(unsigned int limit, unsigned int offset) = 0;
  };
}
