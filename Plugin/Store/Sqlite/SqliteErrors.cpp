#include "Store/Sqlite/SqliteErrors.h"

#include <sqlite3.h>

namespace Ratatoskr::Sqlite
{
  namespace
  {
    std::string CodeName(int primary)
    {
      switch (primary)
      {
        case SQLITE_BUSY:       return "SQLITE_BUSY";
        case SQLITE_LOCKED:     return "SQLITE_LOCKED";
        case SQLITE_CORRUPT:    return "SQLITE_CORRUPT";
        case SQLITE_NOTADB:     return "SQLITE_NOTADB";
        case SQLITE_IOERR:      return "SQLITE_IOERR";
        case SQLITE_FULL:       return "SQLITE_FULL";
        case SQLITE_CANTOPEN:   return "SQLITE_CANTOPEN";
        case SQLITE_READONLY:   return "SQLITE_READONLY";
        case SQLITE_PERM:       return "SQLITE_PERM";
        case SQLITE_CONSTRAINT: return "SQLITE_CONSTRAINT";
        case SQLITE_ERROR:      return "SQLITE_ERROR";
        case SQLITE_NOMEM:      return "SQLITE_NOMEM";
        case SQLITE_MISUSE:     return "SQLITE_MISUSE";
        default:                return "SQLite result code " + std::to_string(primary);
      }
    }
  }

  StoreError TranslateError(int resultCode, const std::string& sqliteMessage, const std::string& path)
  {
    using Kind = StoreError::Kind;
    const int primary = resultCode & 0xff;
    const std::string database = "the plugin's database " + path;
    const std::string code = CodeName(primary);
    const std::string detail = code + (sqliteMessage.empty() ? "" : ": " + sqliteMessage);
    switch (primary)
    {
      case SQLITE_BUSY:
        return StoreError(Kind::Busy, database + " is locked by another process (" + code +
                                      "); retry when it is released");
      case SQLITE_LOCKED:
        return StoreError(Kind::Busy, database + " is locked by another connection (" + code +
                                      "); retry when it is released");
      case SQLITE_CORRUPT:
        return StoreError(Kind::Corrupt, database + " is damaged (" + detail + "); restore it from a backup");
      case SQLITE_NOTADB:
        return StoreError(Kind::Corrupt, "the file " + path + " is not an SQLite database (" + code +
                                         "): set \"DatabasePath\" to the plugin's database or to a new file");
      case SQLITE_FULL:
        return StoreError(Kind::Io, "the disk of " + database + " is full (" + code + ")");
      case SQLITE_CANTOPEN:
        return StoreError(Kind::Io, "cannot open " + database + " (" + detail +
                                    "): check that its folder exists and that Orthanc may write there");
      case SQLITE_READONLY:
      case SQLITE_PERM:
        return StoreError(Kind::Io, database + " cannot be written (" + detail +
                                    "): check the permissions of the file and its folder");
      case SQLITE_IOERR:
        return StoreError(Kind::Io, "cannot read or write " + database + " (" + detail + ")");
      case SQLITE_CONSTRAINT:
        return StoreError(Kind::Constraint, database + " refused a write (" + detail + ")");
      default:
        return StoreError(Kind::Other, database + " failed (" + detail + ")");
    }
  }
}
