#include <OrthancFramework.h>

#include "Store/SqliteStore.h"

#include "JsonIo.h"

#include <SQLite/Connection.h>
#include <SQLite/Statement.h>
#include <SQLite/Transaction.h>
#include <OrthancException.h>

#include <boost/filesystem.hpp>
#include <stdexcept>

namespace Ratatoskr
{
  namespace
  {
    // Migration N brings the schema from version N to N + 1. Append only; never edit a shipped one.
    const char* const migrations[] = {
      // 0 -> 1
      "CREATE TABLE Settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE Jobs(id TEXT PRIMARY KEY, type TEXT NOT NULL, state TEXT NOT NULL,"
      "  sourceStudy TEXT, resultStudy TEXT, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL,"
      "  document TEXT NOT NULL);"
      "CREATE INDEX JobsByCreation ON Jobs(createdAt);"
      "CREATE INDEX JobsBySource ON Jobs(sourceStudy);",
    };

    JobRecord ReadJob(Orthanc::SQLite::Statement& s)
    {
      JobRecord job;
      job.id = s.ColumnString(0);
      job.type = s.ColumnString(1);
      job.state = s.ColumnString(2);
      job.sourceStudy = s.ColumnIsNull(3) ? "" : s.ColumnString(3);
      job.resultStudy = s.ColumnIsNull(4) ? "" : s.ColumnString(4);
      job.createdAt = s.ColumnString(5);
      job.updatedAt = s.ColumnString(6);
      if (!JsonIo::Parse(s.ColumnString(7), job.document) || !job.document.isObject())
      {
        job.document = Json::objectValue;
      }
      return job;
    }
  }

  SqliteStore::SqliteStore(const std::string& path) : path_(path), db_(new Orthanc::SQLite::Connection)
  {
    try
    {
      boost::filesystem::path p(path);
      if (p.has_parent_path())
      {
        boost::filesystem::create_directories(p.parent_path());
      }
      db_->Open(path);
      db_->Execute("PRAGMA journal_mode=WAL;");
      db_->Execute("PRAGMA synchronous=NORMAL;");
      Migrate();
    }
    catch (const Orthanc::OrthancException& e)
    {
      throw std::runtime_error("cannot open the database \"" + path + "\": " + e.What());
    }
    catch (const boost::filesystem::filesystem_error& e)
    {
      throw std::runtime_error("cannot create the folder of the database \"" + path + "\": " + e.what());
    }
  }

  SqliteStore::~SqliteStore() = default;

  int SqliteStore::LatestSchemaVersion()
  {
    return static_cast<int>(sizeof(migrations) / sizeof(migrations[0]));
  }

  int SqliteStore::ReadUserVersion() const
  {
    Orthanc::SQLite::Statement s(*db_, "PRAGMA user_version");
    return s.Step() ? s.ColumnInt(0) : 0;
  }

  int SqliteStore::SchemaVersion() const
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return ReadUserVersion();
  }

  void SqliteStore::Migrate()
  {
    const int current = ReadUserVersion();
    if (current > LatestSchemaVersion())
    {
      throw std::runtime_error("the database \"" + path_ + "\" has schema version " + std::to_string(current) +
                               ", newer than this plugin knows (" + std::to_string(LatestSchemaVersion()) +
                               "): use a newer Ratatoskr");
    }
    for (int v = current; v < LatestSchemaVersion(); v++)
    {
      Orthanc::SQLite::Transaction t(*db_);
      t.Begin();
      db_->Execute(migrations[v]);
      db_->Execute("PRAGMA user_version=" + std::to_string(v + 1));
      t.Commit();
    }
  }

  bool SqliteStore::GetSetting(const std::string& key, std::string& value)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Orthanc::SQLite::Statement s(*db_, SQLITE_FROM_HERE, "SELECT value FROM Settings WHERE key=?");
    s.BindString(0, key);
    if (s.Step())
    {
      value = s.ColumnString(0);
      return true;
    }
    return false;
  }

  void SqliteStore::SetSetting(const std::string& key, const std::string& value)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Orthanc::SQLite::Statement s(*db_, SQLITE_FROM_HERE, "INSERT OR REPLACE INTO Settings(key, value) VALUES(?, ?)");
    s.BindString(0, key);
    s.BindString(1, value);
    s.Run();
  }

  std::string SqliteStore::SetSettingIfAbsent(const std::string& key, const std::string& value)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    {
      Orthanc::SQLite::Statement s(*db_, SQLITE_FROM_HERE, "INSERT OR IGNORE INTO Settings(key, value) VALUES(?, ?)");
      s.BindString(0, key);
      s.BindString(1, value);
      s.Run();
    }
    Orthanc::SQLite::Statement s(*db_, SQLITE_FROM_HERE, "SELECT value FROM Settings WHERE key=?");
    s.BindString(0, key);
    s.Step();
    return s.ColumnString(0);
  }

  void SqliteStore::SaveJob(const JobRecord& job)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Orthanc::SQLite::Statement s(*db_, SQLITE_FROM_HERE,
      "INSERT OR REPLACE INTO Jobs(id, type, state, sourceStudy, resultStudy, createdAt, updatedAt, document) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    s.BindString(0, job.id);
    s.BindString(1, job.type);
    s.BindString(2, job.state);
    s.BindString(3, job.sourceStudy);
    s.BindString(4, job.resultStudy);
    s.BindString(5, job.createdAt);
    s.BindString(6, job.updatedAt);
    s.BindString(7, JsonIo::Compact(job.document));
    s.Run();
  }

  bool SqliteStore::GetJob(const std::string& id, JobRecord& job)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Orthanc::SQLite::Statement s(*db_, SQLITE_FROM_HERE,
      "SELECT id, type, state, sourceStudy, resultStudy, createdAt, updatedAt, document FROM Jobs WHERE id=?");
    s.BindString(0, id);
    if (s.Step())
    {
      job = ReadJob(s);
      return true;
    }
    return false;
  }

  std::vector<JobRecord> SqliteStore::ListJobs(unsigned int limit, unsigned int offset)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Orthanc::SQLite::Statement s(*db_, SQLITE_FROM_HERE,
      "SELECT id, type, state, sourceStudy, resultStudy, createdAt, updatedAt, document FROM Jobs "
      "ORDER BY createdAt DESC, id LIMIT ? OFFSET ?");
    s.BindInt64(0, limit);
    s.BindInt64(1, offset);
    std::vector<JobRecord> result;
    while (s.Step())
    {
      result.push_back(ReadJob(s));
    }
    return result;
  }
}
