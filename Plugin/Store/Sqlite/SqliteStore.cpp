#include "Store/Sqlite/SqliteStore.h"

#include "Store/Sqlite/SqliteConnection.h"
#include "Store/Sqlite/SqliteMigrations.h"
#include "Store/Sqlite/SqliteSession.h"
#include "Store/Sqlite/SqliteStatement.h"

#include <filesystem>
#include <system_error>

namespace Ratatoskr
{
  namespace
  {
    void CreateFolderOf(const std::string& path)
    {
      const std::filesystem::path folder = std::filesystem::path(path).parent_path();
      std::error_code error;
      if (!folder.empty() && !std::filesystem::is_directory(folder, error))
      {
        std::filesystem::create_directories(folder, error);
        if (error)
        {
          throw StoreError(StoreError::Kind::Io, "cannot create the folder of the plugin's database " + path +
                                                 ": " + error.message());
        }
      }
    }

    // Clears the owner of the transaction however it ends.
    class OwnerGuard
    {
    public:
      explicit OwnerGuard(std::atomic<std::thread::id>& owner) : owner_(owner) { owner_ = std::this_thread::get_id(); }
      ~OwnerGuard() { owner_ = std::thread::id(); }

      OwnerGuard(const OwnerGuard&) = delete;
      OwnerGuard& operator=(const OwnerGuard&) = delete;

    private:
      std::atomic<std::thread::id>& owner_;
    };
  }

  SqliteStore::SqliteStore(const std::string& path, std::chrono::milliseconds busyTimeout) : path_(path)
  {
    CreateFolderOf(path);
    Open(writer_, busyTimeout);
    {
      // WAL: readers and one writer at a time, and a held write lock does not stop reads.
      Sqlite::Statement journal(*writer_.connection, "PRAGMA journal_mode=WAL");
      journal.Run();
    }
    writer_.connection->Execute("PRAGMA synchronous=NORMAL");
    schemaVersion_ = Sqlite::MigrateForward(*writer_.connection);
    Open(reader_, busyTimeout);
  }

  SqliteStore::~SqliteStore() = default;

  void SqliteStore::Open(Channel& channel, std::chrono::milliseconds busyTimeout)
  {
    channel.connection = std::make_unique<Sqlite::Connection>(path_, busyTimeout);
    channel.connection->Execute("PRAGMA foreign_keys=ON");
    channel.session = std::make_unique<Sqlite::Session>(*channel.connection);
  }

  int SqliteStore::LatestSchemaVersion()
  {
    return static_cast<int>(Sqlite::Migrations().size());
  }

  void SqliteStore::Transaction(const Work& work)
  {
    // IMMEDIATE takes the write lock at once (waiting up to the busy timeout), so a transaction never
    // fails half-way because another connection started writing after it had read.
    Run(writer_, "BEGIN IMMEDIATE", work);
  }

  void SqliteStore::Read(const Work& work)
  {
    Run(reader_, "BEGIN", work);
  }

  void SqliteStore::Run(Channel& channel, const char* begin, const Work& work)
  {
    const std::thread::id self = std::this_thread::get_id();
    if (writer_.owner.load() == self || reader_.owner.load() == self)
    {
      throw StoreError(StoreError::Kind::Other, "the plugin's store was called inside one of its own transactions "
                                                "(a bug: use the session the transaction gives)");
    }
    std::lock_guard<std::mutex> lock(channel.mutex);
    OwnerGuard owner(channel.owner);
    Sqlite::Connection& connection = *channel.connection;
    connection.Execute(begin);
    connection.WatchFailures();
    try
    {
      work(*channel.session);
      if (std::optional<StoreError> failure = connection.StopWatchingFailures())
      {
        throw *failure;  // a statement failed inside, even if `work` caught it: nothing commits
      }
      connection.Execute("COMMIT");
    }
    catch (...)
    {
      connection.StopWatchingFailures();
      connection.RollbackQuietly();
      throw;
    }
  }
}
