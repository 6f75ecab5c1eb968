#pragma once

#include "Delivery/DeliveryPolicy.h"

#include <string>
#include <vector>

namespace Ratatoskr::Delivery
{
  // A destination as the delivery engine sees it (from its "Destinations" entry).
  struct DestinationTarget
  {
    std::string name;
    DeliveryPolicy policy;
    std::vector<std::string> webhooks;  // told of its cases (case.delivered, case.delivery_failed)
    std::string viewerUrl;              // template, or ""
  };
}
