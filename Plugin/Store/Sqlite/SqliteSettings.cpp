#include "Store/Sqlite/SqliteSettings.h"

#include "Store/Sqlite/SqliteStatement.h"

namespace Ratatoskr::Sqlite
{
  bool Settings::Get(const std::string& key, std::string& value)
  {
    Statement s(connection_, "SELECT value FROM Settings WHERE key=?");
    s.Bind(key);
    if (s.Step())
    {
      value = s.Text(0);
      return true;
    }
    return false;
  }

  void Settings::Set(const std::string& key, const std::string& value)
  {
    Statement s(connection_, "INSERT OR REPLACE INTO Settings(key, value) VALUES(?, ?)");
    s.Bind(key).Bind(value).Run();
  }

  std::string Settings::SetIfAbsent(const std::string& key, const std::string& value)
  {
    Statement insert(connection_, "INSERT OR IGNORE INTO Settings(key, value) VALUES(?, ?)");
    insert.Bind(key).Bind(value).Run();
    std::string stored;
    Get(key, stored);
    return stored;
  }
}
