#include "Core/EmbeddedResources.h"

#include <algorithm>

namespace Ratatoskr::Embedded
{
  bool Find(const std::string& path, std::string& content)
  {
    for (const Resource& r : All())
    {
      if (path == r.path)
      {
        content.assign(reinterpret_cast<const char*>(r.data), r.size);
        return true;
      }
    }
    return false;
  }

  std::vector<std::string> List(const std::string& prefix)
  {
    std::vector<std::string> result;
    for (const Resource& r : All())
    {
      const std::string path(r.path);
      if (path.compare(0, prefix.size(), prefix) == 0)
      {
        result.push_back(path);
      }
    }
    std::sort(result.begin(), result.end());
    return result;
  }
}
