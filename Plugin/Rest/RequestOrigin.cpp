#include <OrthancFramework.h>

#include "Rest/RequestOrigin.h"

#include "Orthanc/RestRouter.h"

#include <Toolbox.h>

namespace Ratatoskr
{
  std::string DescribeRequestOrigin(const RestRequest& request)
  {
    const std::string authorization = request.Header("authorization");
    if (authorization.compare(0, 6, "Basic ") == 0)
    {
      try
      {
        std::string decoded;
        Orthanc::Toolbox::DecodeBase64(decoded, authorization.substr(6));
        const size_t colon = decoded.find(':');
        if (colon != std::string::npos && colon > 0)
        {
          return "REST (user " + decoded.substr(0, colon) + ")";
        }
      }
      catch (...)
      {
      }
    }
    return "REST";
  }
}
