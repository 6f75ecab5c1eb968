#include "Delivery/DeliveryPolicy.h"

#include <algorithm>
#include <cmath>

namespace Ratatoskr::Delivery
{
  std::int64_t RetryDelay(const DeliveryPolicy& policy, unsigned int attempt, double jitter)
  {
    double delay = static_cast<double>(policy.retryDelay);
    for (unsigned int i = 1; i < attempt && delay < static_cast<double>(policy.maxRetryDelay); i++)
    {
      delay *= 2;
    }
    delay = std::min(delay, static_cast<double>(policy.maxRetryDelay));
    delay *= 1.0 + 0.2 * std::max(-1.0, std::min(1.0, jitter));
    return std::max<std::int64_t>(0, static_cast<std::int64_t>(std::llround(delay)));
  }
}
