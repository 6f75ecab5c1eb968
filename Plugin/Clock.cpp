#include "Clock.h"

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
}
