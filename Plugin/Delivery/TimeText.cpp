#include "Delivery/TimeText.h"

#include <cstdio>
#include <ctime>

namespace Ratatoskr::Delivery
{
  Json::Value JsonTime(std::int64_t milliseconds)
  {
    return milliseconds == 0 ? Json::Value(Json::nullValue) : Json::Value(FormatMilliseconds(milliseconds));
  }

  std::string FormatMilliseconds(std::int64_t milliseconds)
  {
    const std::time_t seconds = static_cast<std::time_t>(milliseconds / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &utc);
    char result[48];
    std::snprintf(result, sizeof(result), "%s.%03dZ", text, static_cast<int>(milliseconds % 1000));
    return result;
  }
}
