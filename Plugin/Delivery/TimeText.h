#pragma once

#include <json/value.h>

#include <cstdint>
#include <string>

namespace Ratatoskr::Delivery
{
  // ISO 8601 UTC with milliseconds ("2026-12-03T09:12:05.123Z") of a store time (ms since the epoch).
  std::string FormatMilliseconds(std::int64_t milliseconds);

  // The same as a JSON value of the REST answers: null for 0 (never happened).
  Json::Value JsonTime(std::int64_t milliseconds);
}
