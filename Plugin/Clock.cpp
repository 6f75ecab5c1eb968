#include "Clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace Ratatoskr::Clock
{
  std::string NowUtc()
  {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
  }

  std::int64_t NowMilliseconds()
  {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch()).count();
  }

  std::string FormatMilliseconds(std::int64_t milliseconds)
  {
    if (milliseconds <= 0)
    {
      return "";
    }
    const std::time_t seconds = static_cast<std::time_t>(milliseconds / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S", &utc);
    char result[48];
    std::snprintf(result, sizeof(result), "%s.%03dZ", buffer, static_cast<int>(milliseconds % 1000));
    return result;
  }
}
