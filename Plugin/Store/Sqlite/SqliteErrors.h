#pragma once

#include "Store/StoreError.h"

#include <string>

namespace Ratatoskr::Sqlite
{
  // The StoreError for an SQLite result code (extended or primary) on the database at `path`: a kind
  // callers can act on, and a message that says what happened and what to do. `sqliteMessage` is
  // sqlite3_errmsg(), which names tables and columns, never bound values.
  StoreError TranslateError(int resultCode, const std::string& sqliteMessage, const std::string& path);
}
