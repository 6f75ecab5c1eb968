#pragma once

#include <string>
#include <vector>

namespace Ratatoskr::Cli
{
  // "a, b, c" (or with another separator); "" for no item.
  inline std::string Join(const std::vector<std::string>& items, const std::string& separator = ", ")
  {
    std::string joined;
    for (const std::string& item : items)
    {
      joined += (joined.empty() ? "" : separator) + item;
    }
    return joined;
  }
}
