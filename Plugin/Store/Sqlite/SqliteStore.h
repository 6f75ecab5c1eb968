#pragma once

#include "Store/Store.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

namespace Ratatoskr
{
  namespace Sqlite
  {
    class Connection;
    class Session;
  }

  // The store in one SQLite file (WAL journal), on two connections, each used by one thread at a time: one
  // for transactions and one for reads, so that reads need not wait for a writer. Its schema is migrated
  // forward at open (Plugin/Store/Sqlite/Migrations/).
  //
  // A lock held by another process (a backup, an admin's `sqlite3` shell with BEGIN EXCLUSIVE) is waited
  // for up to `busyTimeout`, then the call fails with StoreError(Busy). In WAL mode such a writer does not
  // block reads (Store::Read and the reads of the aggregates), only writes.
  class SqliteStore : public Store
  {
  public:
    static constexpr std::chrono::milliseconds defaultBusyTimeout{5000};

    // Opens or creates the database (and its folder); throws StoreError.
    explicit SqliteStore(const std::string& path, std::chrono::milliseconds busyTimeout = defaultBusyTimeout);
    ~SqliteStore() override;

    std::string Type() const override { return "SQLite"; }
    std::string Location() const override { return path_; }
    int SchemaVersion() const override { return schemaVersion_; }
    static int LatestSchemaVersion();

    void Transaction(const Work& work) override;
    void Read(const Work& work) override;

  private:
    // A connection and the thread using it.
    struct Channel
    {
      std::mutex mutex;
      std::atomic<std::thread::id> owner{};  // to refuse a nested use rather than wait for oneself
      std::unique_ptr<Sqlite::Connection> connection;
      std::unique_ptr<Sqlite::Session> session;
    };

    void Open(Channel& channel, std::chrono::milliseconds busyTimeout);
    void Run(Channel& channel, const char* begin, const Work& work);

    std::string path_;
    Channel writer_;
    Channel reader_;
    int schemaVersion_ = 0;
  };
}
