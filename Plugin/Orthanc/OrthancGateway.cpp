#include "Orthanc/OrthancGateway.h"

namespace Ratatoskr
{
  ResourceLevel ParseResourceLevel(const std::string& name)
  {
    if (name == "Study") return ResourceLevel::Study;
    if (name == "Series") return ResourceLevel::Series;
    if (name == "Instance") return ResourceLevel::Instance;
    throw std::invalid_argument("unknown resource level \"" + name + "\"");
  }

  const char* ResourceLevelName(ResourceLevel level)
  {
    switch (level)
    {
      case ResourceLevel::Study: return "Study";
      case ResourceLevel::Series: return "Series";
      case ResourceLevel::Instance: return "Instance";
    }
    return "Instance";
  }
}
