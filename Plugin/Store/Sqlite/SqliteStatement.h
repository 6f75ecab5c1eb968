#pragma once

#include <cstdint>
#include <string>

struct sqlite3_stmt;

namespace Ratatoskr::Sqlite
{
  class Connection;

  // One prepared statement. Parameters are bound in the order of their `?`; columns count from 0.
  class Statement
  {
  public:
    Statement(Connection& connection, const std::string& sql);
    ~Statement();

    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& Bind(const std::string& text);
    Statement& Bind(std::int64_t number);
    Statement& BindBlob(const std::string& bytes);

    bool Step();  // true when a row is ready
    void Run();   // a statement without result rows

    // Back to before the first Step, bindings cleared, to run it again with other values.
    void Reset();

    std::string Text(int column) const;  // "" for NULL
    std::string Blob(int column) const;
    std::int64_t Integer(int column) const;

  private:
    Connection& connection_;
    sqlite3_stmt* statement_ = nullptr;
    int nextParameter_ = 1;
  };
}
