#pragma once

#include <string>

namespace Ratatoskr
{
  struct RestRequest;

  // "REST (user alice)" from the Basic credentials of the request, or "REST" without them.
  std::string DescribeRequestOrigin(const RestRequest& request);
}
