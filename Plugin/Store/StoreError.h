#pragma once

#include <stdexcept>
#include <string>

namespace Ratatoskr
{
  // The one error type of the store layer: every backend error (SQLite result codes, Orthanc Framework
  // exceptions, PostgreSQL errors later) is translated into it inside the store, so callers see a
  // std::exception with a message fit for a user (never patient data) and a kind they can act on.
  class StoreError : public std::runtime_error
  {
  public:
    enum class Kind
    {
      Busy,        // locked by another process or connection: retry later
      Corrupt,     // not a database, damaged, or holding values this plugin does not know
      Io,          // cannot open, read or write the file (permissions, disk full, read-only)
      Constraint,  // a write broke a rule of the schema (duplicate id, ...)
      Other
    };

    StoreError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

    Kind GetKind() const { return kind_; }

  private:
    Kind kind_;
  };

  const char* ToString(StoreError::Kind kind);
}
