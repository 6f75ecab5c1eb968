#pragma once

#include <string>
#include <vector>

namespace Ratatoskr::Sqlite
{
  class Connection;

  struct Migration
  {
    int version = 0;   // the schema version it brings the database to
    std::string file;  // e.g. "002-deliveries-outbox.sql"
    std::string sql;
  };

  // The migrations embedded from Plugin/Store/Sqlite/Migrations/ (NNN-what.sql), in order; throws
  // StoreError(Other) if their numbers do not run 1, 2, 3... without gaps.
  const std::vector<Migration>& Migrations();

  int ReadSchemaVersion(Connection& connection);  // PRAGMA user_version

  // Applies every migration newer than the database's version, each in one transaction; returns the
  // version reached. Refuses a database newer than the migrations know.
  int MigrateForward(Connection& connection);
}
