#pragma once

#include <cstdint>
#include <string>

namespace Ratatoskr::Clock
{
  // Current UTC time as ISO 8601 with a "Z", e.g. "2026-11-22T03:50:12Z".
  std::string NowUtc();

  // Milliseconds since the Unix epoch (the times of deliveries and webhook events in the store).
  std::int64_t NowMilliseconds();

  // Milliseconds of a clock that never jumps (rate limits, lockouts): only differences mean something.
  std::int64_t MonotonicMilliseconds();
}
