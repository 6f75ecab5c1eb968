// What only the SQLite backend does: its migrations from files, its answers to a database held or
// damaged by someone else. The rest of its behaviour is the store contract (StoreContract*.cpp).
#include "Store/Sqlite/SqliteMigrations.h"
#include "Store/Sqlite/SqliteStore.h"
#include "StoreContract.h"
#include "TemporaryFolder.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <thread>

using namespace Ratatoskr;
using namespace Ratatoskr::Tests;

namespace
{
  // A second connection to the database, as another process (a backup, an admin's sqlite3 shell) has.
  class RawConnection
  {
  public:
    explicit RawConnection(const std::string& path)
    {
      EXPECT_EQ(SQLITE_OK, sqlite3_open(path.c_str(), &db_));
    }

    ~RawConnection() { sqlite3_close(db_); }

    void Execute(const std::string& sql)
    {
      char* error = nullptr;
      const int result = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
      EXPECT_EQ(SQLITE_OK, result) << sql << ": " << (error != nullptr ? error : "");
      sqlite3_free(error);
    }

    int Integer(const std::string& sql)
    {
      sqlite3_stmt* s = nullptr;
      EXPECT_EQ(SQLITE_OK, sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr));
      const int value = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
      sqlite3_finalize(s);
      return value;
    }

  private:
    sqlite3* db_ = nullptr;
  };

  // The schema of version 1 exactly as Ratatoskr 0.1.0 created it (inline in SqliteStore.cpp then, WAL
  // journal), with what it held: the generated secret and one job audit entry.
  void CreateVersion1Database(const std::string& path)
  {
    RawConnection db(path);
    db.Execute("PRAGMA journal_mode=WAL");
    db.Execute("BEGIN");
    db.Execute(
      "CREATE TABLE Settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE Jobs(id TEXT PRIMARY KEY, type TEXT NOT NULL, state TEXT NOT NULL,"
      "  sourceStudy TEXT, resultStudy TEXT, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL,"
      "  document TEXT NOT NULL);"
      "CREATE INDEX JobsByCreation ON Jobs(createdAt);"
      "CREATE INDEX JobsBySource ON Jobs(sourceStudy);");
    db.Execute("PRAGMA user_version=1");
    db.Execute("INSERT INTO Settings(key, value) VALUES('Secret', '0123456789abcdef0123456789abcdef')");
    db.Execute("INSERT INTO Jobs VALUES('job-old', 'Anonymize', 'Success', 'source-study', NULL,"
               " '2026-11-30T08:00:00Z', '2026-11-30T08:00:04Z', '{\"Profile\":\"teaching\",\"Instances\":3}')");
    db.Execute("COMMIT");
  }

  // Version 2 (the deliveries and the outbox, Ratatoskr 0.2.0): version 1 and the shipped file 002 (never
  // edited), with a job that failed, a failed delivery and a pending webhook event in it.
  void CreateVersion2Database(const std::string& path)
  {
    CreateVersion1Database(path);
    RawConnection db(path);
    db.Execute("BEGIN");
    db.Execute(Sqlite::Migrations().at(1).sql);
    db.Execute("PRAGMA user_version=2");
    db.Execute("INSERT INTO Jobs VALUES('job-failed', 'AnonymizeAndSend', 'Failure', 'source-study-2', NULL,"
               " '2026-12-01T08:00:00Z', '2026-12-01T08:00:04Z', '{}')");
    db.Execute("INSERT INTO Deliveries(id, study, studyInstanceUid, destination, jobId, state, attempts, nextAttemptAt,"
               " createdAt, updatedAt, verifiedAt, attemptsSince, remoteInstanceCount, lastError)"
               " VALUES('dlv_old', 'study', '2.25.1', 'pacscenter', 'job-old', 'Failed', 1, 0, 1000, 1500, 0, 1000, 0,"
               " 'HTTP 401')");
    db.Execute("INSERT INTO DeliveryInstances VALUES(1, 0, '2.25.1.1', 'instance-1', 0), (1, 1, '2.25.1.2', 'instance-2', 0)");
    db.Execute("INSERT INTO DeliveryBatches VALUES(1, 0, 'Failed', 'stow-1', '[\"instance-1\",\"instance-2\"]', 'HTTP 401')");
    db.Execute("INSERT INTO WebhookOutbox(id, webhook, eventType, payload, orderingKey, state, attempts, nextAttemptAt,"
               " lastHttpStatus, lastError, createdAt, updatedAt)"
               " VALUES('msg_old', 'django', 'case.delivery_failed', X'7B7D', 'dlv_old', 'Pending', 1, 2500, 503, '', 2000, 2100)");
    db.Execute("COMMIT");
  }

  const std::chrono::milliseconds shortWait(50);
}

TEST(SqliteStore, MigrationsAreEmbeddedFilesNumberedWithoutGaps)
{
  const std::vector<Sqlite::Migration>& migrations = Sqlite::Migrations();
  ASSERT_EQ(4u, migrations.size());
  EXPECT_EQ(4, SqliteStore::LatestSchemaVersion());
  EXPECT_EQ("001-initial.sql", migrations[0].file);
  EXPECT_EQ("002-deliveries-outbox.sql", migrations[1].file);
  EXPECT_EQ("003-jobs-by-state.sql", migrations[2].file);
  EXPECT_EQ("004-invites.sql", migrations[3].file);
  for (size_t i = 0; i < migrations.size(); i++)
  {
    EXPECT_EQ(static_cast<int>(i) + 1, migrations[i].version);
    EXPECT_NE(std::string::npos, migrations[i].sql.find("CREATE "));
  }
}

TEST(SqliteStore, ANewDatabaseHasTheLatestSchemaInWalMode)
{
  TemporaryFolder folder;
  const std::string path = folder.File("sub/folder/ratatoskr.db");  // folders are created
  {
    SqliteStore store(path);
    EXPECT_EQ(SqliteStore::LatestSchemaVersion(), store.SchemaVersion());
    EXPECT_EQ("SQLite", store.Type());
    EXPECT_EQ(path, store.Location());
  }
  RawConnection db(path);
  EXPECT_EQ(SqliteStore::LatestSchemaVersion(), db.Integer("PRAGMA user_version"));
  EXPECT_EQ(1, db.Integer("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"));
}

TEST(SqliteStore, ADatabaseOfVersion1MigratesForwardWithItsData)
{
  TemporaryFolder folder;
  const std::string path = folder.File("ratatoskr.db");
  CreateVersion1Database(path);
  {
    SqliteStore store(path);
    EXPECT_EQ(4, store.SchemaVersion());
    std::string secret;
    ASSERT_TRUE(store.Settings().Get("Secret", secret));
    EXPECT_EQ("0123456789abcdef0123456789abcdef", secret);
    JobRecord job;
    ASSERT_TRUE(store.JobAudit().Get("job-old", job));
    EXPECT_EQ("Success", job.state);
    EXPECT_EQ("source-study", job.sourceStudy);
    EXPECT_EQ("", job.resultStudy);
    EXPECT_EQ("2026-11-30T08:00:04Z", job.updatedAt);
    EXPECT_EQ("teaching", job.document["Profile"].asString());
    EXPECT_EQ(3, job.document["Instances"].asInt());
    ASSERT_EQ(1u, store.JobAudit().List(10, 0).size());

    store.Deliveries().Create(MakeDelivery("d-1", 2, 1000));
    store.Outbox().Enqueue(MakeEvent("msg_1", "django", "d-1", 1000));
  }
  SqliteStore reopened(path);  // nothing left to migrate
  EXPECT_EQ(4, reopened.SchemaVersion());
  DeliveryRecord d;
  EXPECT_TRUE(reopened.Deliveries().Get("d-1", d));
  RawConnection db(path);
  EXPECT_EQ(4, db.Integer("PRAGMA user_version"));
}

TEST(SqliteStore, ADatabaseOfVersion2MigratesForwardWithItsData)
{
  TemporaryFolder folder;
  const std::string path = folder.File("ratatoskr.db");
  CreateVersion2Database(path);
  {
    SqliteStore store(path);
    EXPECT_EQ(4, store.SchemaVersion());
    std::string secret;
    ASSERT_TRUE(store.Settings().Get("Secret", secret));
    JobRecord job;
    ASSERT_TRUE(store.JobAudit().Get("job-old", job));
    EXPECT_EQ("teaching", job.document["Profile"].asString());
    EXPECT_EQ((std::map<std::string, unsigned int>{{"Failure", 1}, {"Success", 1}}), store.JobAudit().CountByState());
    DeliveryRecord d;
    ASSERT_TRUE(store.Deliveries().Get("dlv_old", d));
    EXPECT_EQ(DeliveryState::Failed, d.state);
    EXPECT_EQ(2u, d.instances.size());
    ASSERT_EQ(1u, d.batches.size());
    EXPECT_EQ((std::vector<std::string>{"instance-1", "instance-2"}), d.batches[0].instances);
    EXPECT_EQ(1u, store.Deliveries().Statistics().Count(DeliveryState::Failed));
    OutboxEntry e;
    ASSERT_TRUE(store.Outbox().Get("msg_old", e));
    EXPECT_EQ("{}", e.payload);
    EXPECT_EQ(2000, store.Outbox().Statistics().oldestPendingCreatedAt);
  }
  RawConnection db(path);
  EXPECT_EQ(4, db.Integer("PRAGMA user_version"));
  EXPECT_EQ(1, db.Integer("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'JobsByState'"));
}

TEST(SqliteStore, ADatabaseNewerThanThePluginIsRefused)
{
  TemporaryFolder folder;
  const std::string path = folder.File("ratatoskr.db");
  RawConnection(path).Execute("PRAGMA user_version=99");
  const std::string message = ExpectStoreError(StoreError::Kind::Other, [&] { SqliteStore store(path); });
  EXPECT_NE(std::string::npos, message.find("has schema version 99, newer than this Ratatoskr knows (4)")) << message;
}

TEST(SqliteStore, AFileThatIsNotADatabaseIsCorrupt)
{
  TemporaryFolder folder;
  const std::string path = folder.File("ratatoskr.db");
  std::ofstream(path) << std::string(4096, 'x');
  const std::string message = ExpectStoreError(StoreError::Kind::Corrupt, [&] { SqliteStore store(path); });
  EXPECT_NE(std::string::npos, message.find("is not an SQLite database (SQLITE_NOTADB)")) << message;
  EXPECT_NE(std::string::npos, message.find(path)) << message;
}

TEST(SqliteStore, AFolderThatCannotBeCreatedIsAnIoError)
{
  TemporaryFolder folder;
  std::ofstream(folder.File("file")) << "a file, not a folder";
  const std::string message = ExpectStoreError(StoreError::Kind::Io, [&]
  {
    SqliteStore store(folder.File("file/ratatoskr.db"));
  });
  EXPECT_NE(std::string::npos, message.find("cannot create the folder of the plugin's database")) << message;
}

TEST(SqliteStore, AWriteLockOfAnotherProcessFailsEveryWriteWithBusyAndReadsGoOn)
{
  TemporaryFolder folder;
  const std::string path = folder.File("ratatoskr.db");
  SqliteStore store(path, shortWait);
  store.Deliveries().Create(MakeDelivery("d-1", 2, 1000));
  store.Outbox().Enqueue(MakeEvent("msg_1", "django", "d-1", 1000));
  DeliveryRecord delivery;
  ASSERT_TRUE(store.Deliveries().Get("d-1", delivery));
  OutboxEntry event;
  ASSERT_TRUE(store.Outbox().Get("msg_1", event));

  RawConnection other(path);
  other.Execute("BEGIN EXCLUSIVE");  // as `sqlite3 ratatoskr.db` then BEGIN EXCLUSIVE; does
  const std::vector<std::function<void()>> writes = {
    [&] { store.Settings().Set("Secret", "x"); },
    [&] { store.Settings().SetIfAbsent("Other", "x"); },
    [&] { store.JobAudit().Save(JobRecord{"job-1", "Anonymize", "Running", "", "", "t", "t", Json::objectValue}); },
    [&] { store.Deliveries().Create(MakeDelivery("d-2", 1, 1000)); },
    [&] { store.Deliveries().Update(delivery); },
    [&] { store.Deliveries().ClaimDue(1000, 2000, 10); },
    [&] { store.Outbox().Enqueue(MakeEvent("msg_2", "django", "", 1000)); },
    [&] { store.Outbox().Update(event); },
    [&] { store.Outbox().ClaimDue(1000, 2000, 10); },
    [&] { store.Outbox().MoveWebhookEntries("django", OutboxState::Pending, OutboxState::Disabled, 0, 0); },
    [&] { store.Transaction([](StoreSession&) {}); },
  };
  for (size_t i = 0; i < writes.size(); i++)
  {
    const std::string message = ExpectStoreError(StoreError::Kind::Busy, writes[i]);
    EXPECT_EQ("the plugin's database " + path + " is locked by another process (SQLITE_BUSY); "
              "retry when it is released", message) << "write " << i;
  }
  // WAL: a writer of another process does not stop readers.
  std::string value;
  EXPECT_FALSE(store.Settings().Get("Secret", value));
  EXPECT_TRUE(store.Deliveries().Get("d-1", delivery));
  EXPECT_EQ(1u, store.Deliveries().List(DeliveryFilter()).size());
  EXPECT_EQ(1u, store.Outbox().Count(OutboxState::Pending));
  EXPECT_TRUE(store.JobAudit().List(10, 0).empty());

  other.Execute("ROLLBACK");
  for (const std::function<void()>& write : writes)
  {
    EXPECT_NO_THROW(write());
  }
  EXPECT_TRUE(store.Settings().Get("Secret", value));
  EXPECT_TRUE(store.Deliveries().Get("d-2", delivery));
}

// Once the store has the database open, WAL lets no one else lock readers out (an exclusive locking mode
// needs every other connection closed), so reads can only meet a lock before the store opens.
TEST(SqliteStore, AnExclusiveHolderStopsTheStoreFromOpeningUntilItLetsGo)
{
  TemporaryFolder folder;
  const std::string path = folder.File("ratatoskr.db");
  {
    SqliteStore store(path);
    store.Settings().Set("Secret", "kept");
  }
  {
    RawConnection other(path);
    other.Execute("PRAGMA locking_mode=EXCLUSIVE");  // keeps the file, WAL index included, until it closes
    other.Execute("BEGIN EXCLUSIVE");
    other.Execute("INSERT INTO Settings(key, value) VALUES('Other', 'x')");
    other.Execute("COMMIT");
    const std::string message = ExpectStoreError(StoreError::Kind::Busy, [&] { SqliteStore store(path, shortWait); });
    EXPECT_EQ("the plugin's database " + path + " is locked by another process (SQLITE_BUSY); "
              "retry when it is released", message);
  }
  SqliteStore store(path, shortWait);
  std::string value;
  ASSERT_TRUE(store.Settings().Get("Secret", value));
  EXPECT_EQ("kept", value);
  ASSERT_TRUE(store.Settings().Get("Other", value));
  EXPECT_EQ("x", value);
}

TEST(SqliteStore, ABriefLockIsWaitedOut)
{
  TemporaryFolder folder;
  const std::string path = folder.File("ratatoskr.db");
  SqliteStore store(path, std::chrono::seconds(30));
  RawConnection other(path);
  other.Execute("BEGIN EXCLUSIVE");
  std::thread release([&]
  {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    other.Execute("COMMIT");
  });
  EXPECT_NO_THROW(store.Settings().Set("Secret", "written once the lock is gone"));
  release.join();
}

TEST(SqliteStore, AMigrationBlockedByAnotherProcessFailsWithBusyAndRunsOnceItIsReleased)
{
  TemporaryFolder folder;
  const std::string path = folder.File("ratatoskr.db");
  CreateVersion1Database(path);
  {
    RawConnection other(path);
    other.Execute("BEGIN EXCLUSIVE");
    const std::string message = ExpectStoreError(StoreError::Kind::Busy, [&] { SqliteStore store(path, shortWait); });
    EXPECT_NE(std::string::npos, message.find("schema migration 002-deliveries-outbox.sql failed, the database "
                                              "stays at version 1")) << message;
    EXPECT_EQ(1, other.Integer("PRAGMA user_version"));
    other.Execute("ROLLBACK");
  }
  SqliteStore store(path, shortWait);
  EXPECT_EQ(4, store.SchemaVersion());
  std::string secret;
  EXPECT_TRUE(store.Settings().Get("Secret", secret));
}
