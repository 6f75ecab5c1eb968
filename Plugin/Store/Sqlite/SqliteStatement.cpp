#include "Store/Sqlite/SqliteStatement.h"

#include "Store/Sqlite/SqliteConnection.h"

#include <sqlite3.h>

namespace Ratatoskr::Sqlite
{
  Statement::Statement(Connection& connection, const std::string& sql) : connection_(connection)
  {
    const int prepared = sqlite3_prepare_v2(connection.Handle(), sql.c_str(), static_cast<int>(sql.size()),
                                            &statement_, nullptr);
    if (prepared != SQLITE_OK)
    {
      sqlite3_finalize(statement_);
      statement_ = nullptr;
      connection_.Fail(prepared);
    }
  }

  Statement::~Statement()
  {
    sqlite3_finalize(statement_);
  }

  Statement& Statement::Bind(const std::string& text)
  {
    const int result = sqlite3_bind_text64(statement_, nextParameter_++, text.data(), text.size(),
                                           SQLITE_TRANSIENT, SQLITE_UTF8);
    if (result != SQLITE_OK)
    {
      connection_.Fail(result);
    }
    return *this;
  }

  Statement& Statement::Bind(std::int64_t number)
  {
    const int result = sqlite3_bind_int64(statement_, nextParameter_++, number);
    if (result != SQLITE_OK)
    {
      connection_.Fail(result);
    }
    return *this;
  }

  Statement& Statement::BindBlob(const std::string& bytes)
  {
    // data() of an empty string is not null, so an empty payload is a zero-length blob, not NULL.
    const int result = sqlite3_bind_blob64(statement_, nextParameter_++, bytes.data(), bytes.size(),
                                           SQLITE_TRANSIENT);
    if (result != SQLITE_OK)
    {
      connection_.Fail(result);
    }
    return *this;
  }

  bool Statement::Step()
  {
    const int result = sqlite3_step(statement_);
    if (result == SQLITE_ROW)
    {
      return true;
    }
    if (result == SQLITE_DONE)
    {
      return false;
    }
    connection_.Fail(result);
  }

  void Statement::Run()
  {
    while (Step())
    {
    }
  }

  void Statement::Reset()
  {
    sqlite3_reset(statement_);  // returns the last Step's error, already thrown
    sqlite3_clear_bindings(statement_);
    nextParameter_ = 1;
  }

  std::string Statement::Text(int column) const
  {
    const unsigned char* text = sqlite3_column_text(statement_, column);
    return text == nullptr ? std::string() :
      std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
  }

  std::string Statement::Blob(int column) const
  {
    const void* data = sqlite3_column_blob(statement_, column);
    return data == nullptr ? std::string() :
      std::string(static_cast<const char*>(data), static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
  }

  std::int64_t Statement::Integer(int column) const
  {
    return sqlite3_column_int64(statement_, column);
  }
}
