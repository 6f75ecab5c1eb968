#include "Store/Sqlite/SqliteMigrations.h"

#include "Core/EmbeddedResources.h"
#include "Store/Sqlite/SqliteConnection.h"
#include "Store/Sqlite/SqliteStatement.h"

#include <cctype>

namespace Ratatoskr::Sqlite
{
  namespace
  {
    const std::string folder = "Plugin/Store/Sqlite/Migrations/";

    // "002-deliveries-outbox.sql" -> 2; 0 if the name does not start with digits and a dash.
    int VersionOf(const std::string& file)
    {
      size_t digits = 0;
      while (digits < file.size() && std::isdigit(static_cast<unsigned char>(file[digits])))
      {
        digits++;
      }
      if (digits == 0 || digits > 6 || digits >= file.size() || file[digits] != '-')
      {
        return 0;
      }
      return std::stoi(file.substr(0, digits));
    }

    std::vector<Migration> LoadEmbedded()
    {
      std::vector<Migration> migrations;
      for (const std::string& path : Embedded::List(folder))
      {
        const std::string file = path.substr(folder.size());
        if (file.size() < 4 || file.compare(file.size() - 4, 4, ".sql") != 0)
        {
          continue;  // README.md and the like
        }
        Migration m;
        m.version = VersionOf(file);
        m.file = file;
        Embedded::Find(path, m.sql);
        if (m.version != static_cast<int>(migrations.size()) + 1)
        {
          throw StoreError(StoreError::Kind::Other, "the embedded schema migration " + file + " should be number " +
                                                    std::to_string(migrations.size() + 1) + " (a build error)");
        }
        migrations.push_back(m);
      }
      return migrations;
    }
  }

  const std::vector<Migration>& Migrations()
  {
    static const std::vector<Migration> migrations = LoadEmbedded();
    return migrations;
  }

  int ReadSchemaVersion(Connection& connection)
  {
    Statement s(connection, "PRAGMA user_version");
    return s.Step() ? static_cast<int>(s.Integer(0)) : 0;
  }

  int MigrateForward(Connection& connection)
  {
    const std::vector<Migration>& migrations = Migrations();
    const int latest = static_cast<int>(migrations.size());
    int version = ReadSchemaVersion(connection);
    if (version > latest)
    {
      throw StoreError(StoreError::Kind::Other, "the plugin's database " + connection.Path() + " has schema version " +
                                                std::to_string(version) + ", newer than this Ratatoskr knows (" +
                                                std::to_string(latest) + "): use a newer Ratatoskr");
    }
    for (const Migration& m : migrations)
    {
      if (m.version <= version)
      {
        continue;
      }
      try
      {
        connection.Execute("BEGIN IMMEDIATE");
        // Read again under the write lock: another process may have migrated in the meantime.
        if (ReadSchemaVersion(connection) < m.version)
        {
          connection.Execute(m.sql);
          connection.Execute("PRAGMA user_version=" + std::to_string(m.version));
        }
        connection.Execute("COMMIT");
        version = m.version;
      }
      catch (const StoreError& e)
      {
        connection.RollbackQuietly();
        throw StoreError(e.GetKind(), "schema migration " + m.file + " failed, the database stays at version " +
                                      std::to_string(version) + ": " + e.what());
      }
    }
    return version;
  }
}
