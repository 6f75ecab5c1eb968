#include "Store/Sqlite/SqliteConnection.h"

#include "Store/Sqlite/SqliteErrors.h"

#include <sqlite3.h>

namespace Ratatoskr::Sqlite
{
  Connection::Connection(const std::string& path, std::chrono::milliseconds busyTimeout) : path_(path)
  {
    const int opened = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (opened != SQLITE_OK)
    {
      const StoreError error = TranslateError(opened, db_ != nullptr ? sqlite3_errmsg(db_) : "", path_);
      sqlite3_close(db_);
      throw error;
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, static_cast<int>(busyTimeout.count()));
  }

  Connection::~Connection()
  {
    sqlite3_close(db_);  // statements are finalized by their owners before
  }

  void Connection::Execute(const std::string& sql)
  {
    const int result = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    if (result != SQLITE_OK)
    {
      Fail(result);
    }
  }

  void Connection::RollbackQuietly()
  {
    if (sqlite3_get_autocommit(db_) == 0)
    {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  void Connection::Fail(int resultCode)
  {
    Fail(TranslateError(resultCode, sqlite3_errmsg(db_), path_));
  }

  void Connection::Fail(const StoreError& error)
  {
    if (watching_ && !failure_)
    {
      failure_ = error;
    }
    throw error;
  }

  void Connection::WatchFailures()
  {
    watching_ = true;
    failure_.reset();
  }

  std::optional<StoreError> Connection::StopWatchingFailures()
  {
    watching_ = false;
    std::optional<StoreError> failure;
    failure.swap(failure_);
    return failure;
  }
}
