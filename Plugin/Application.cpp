#include "Application.h"

#include "Delivery/DeliveryService.h"
#include "Delivery/WebhookOutbox.h"

namespace Ratatoskr
{
  Application::~Application() = default;  // here, where the delivery types are complete
}
