#include "Rest/ListArguments.h"

#include "Orthanc/RestRouter.h"

#include <stdexcept>

namespace Ratatoskr
{
  ListArguments ReadListArguments(const RestRequest& request)
  {
    ListArguments list;
    try
    {
      if (request.HasArgument("limit")) list.limit = static_cast<unsigned int>(std::stoul(request.arguments.at("limit")));
      if (request.HasArgument("since")) list.since = static_cast<unsigned int>(std::stoul(request.arguments.at("since")));
    }
    catch (const std::exception&)
    {
      throw HttpError(400, "\"limit\" and \"since\" must be non-negative integers");
    }
    if (list.limit == 0 || list.limit > 1000)
    {
      throw HttpError(400, "\"limit\" must be between 1 and 1000");
    }
    return list;
  }
}
