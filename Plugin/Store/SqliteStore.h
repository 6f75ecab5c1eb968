#pragma once

#include "Store/Store.h"

#include <memory>
#include <mutex>

namespace Orthanc::SQLite { class Connection; }

namespace Ratatoskr
{
  // Store on an SQLite file (Orthanc Framework's SQLite wrapper), schema versioned with
  // PRAGMA user_version and migrated forward at open.
  class SqliteStore : public Store
  {
  public:
    // Opens or creates the database; throws std::runtime_error with the path and the reason.
    explicit SqliteStore(const std::string& path);
    ~SqliteStore() override;

    std::string Type() const override { return "SQLite"; }
    std::string Location() const override { return path_; }
    int SchemaVersion() const override;
    static int LatestSchemaVersion();

    bool GetSetting(const std::string& key, std::string& value) override;
    void SetSetting(const std::string& key, const std::string& value) override;
    std::string SetSettingIfAbsent(const std::string& key, const std::string& value) override;

    void SaveJob(const JobRecord& job) override;
    bool GetJob(const std::string& id, JobRecord& job) override;
    std::vector<JobRecord> ListJobs(unsigned int limit, unsigned int offset) override;

  private:
    void Migrate();
    int ReadUserVersion() const;

    std::string path_;
    mutable std::mutex mutex_;
    std::unique_ptr<Orthanc::SQLite::Connection> db_;
  };
}
