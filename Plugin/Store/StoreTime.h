#pragma once

#include <cstdint>

namespace Ratatoskr
{
  // A time in the store's delivery and outbox records: milliseconds since the Unix epoch, UTC. An integer
  // compares and indexes the same way on every backend (SQLite INTEGER, PostgreSQL BIGINT), and
  // milliseconds are fine enough for schedules shrunk by tests. Callers pass "now": the store reads no clock.
  using StoreTime = std::int64_t;
}
