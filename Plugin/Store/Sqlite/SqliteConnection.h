#pragma once

#include "Store/StoreError.h"

#include <chrono>
#include <optional>
#include <string>

struct sqlite3;

namespace Ratatoskr::Sqlite
{
  // One connection to an SQLite file (the C API directly: Orthanc Framework's wrapper throws one
  // OrthancException for every failure, whose code says neither BUSY nor CORRUPT, and hides the handle
  // that sets a busy timeout). Every failure is thrown as a StoreError. Not thread-safe: the store
  // serializes its use.
  class Connection
  {
  public:
    // Opens or creates the file; waits up to `busyTimeout` for a lock held by someone else before a
    // statement fails with StoreError(Busy).
    Connection(const std::string& path, std::chrono::milliseconds busyTimeout);
    ~Connection();

    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const std::string& Path() const { return path_; }
    sqlite3* Handle() { return db_; }

    // Runs SQL without results (one or several statements).
    void Execute(const std::string& sql);

    // Ends the current transaction, if any, without throwing.
    void RollbackQuietly();

    // Throws the StoreError of a failed call that returned `resultCode`.
    [[noreturn]] void Fail(int resultCode);
    // Throws `error`, remembered as the failure of the current transaction when one is watched.
    [[noreturn]] void Fail(const StoreError& error);

    // Between these two calls, the first failure is remembered: a transaction in which a statement failed
    // must not commit, even when the caller caught the error (PostgreSQL behaves so; SQLite would not).
    void WatchFailures();
    std::optional<StoreError> StopWatchingFailures();

  private:
    std::string path_;
    sqlite3* db_ = nullptr;
    bool watching_ = false;
    std::optional<StoreError> failure_;
  };
}
