#include "Rest/DeliveryWait.h"

#include "Delivery/DeliveryService.h"

#include <chrono>
#include <thread>

namespace Ratatoskr
{
  Json::Value WaitForFirstOutcome(Store& store, const std::string& deliveryId, unsigned int maxSeconds)
  {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(maxSeconds);
    DeliveryRecord d;
    for (;;)
    {
      if (!store.Deliveries().Get(deliveryId, d))
      {
        return Json::Value(Json::nullValue);
      }
      const bool ended = d.state == DeliveryState::Delivered || d.state == DeliveryState::Failed ||
                         d.state == DeliveryState::Canceled;
      const bool firstAttemptFailed = d.state == DeliveryState::Pending && d.attempts >= 1;
      if (ended || firstAttemptFailed || std::chrono::steady_clock::now() >= deadline)
      {
        return Delivery::DescribeDeliveryInFull(d);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}
