#include "Application.h"

#include "Delivery/DeliveryService.h"
#include "Delivery/WebhookOutbox.h"

namespace Ratatoskr
{
  // Here, where the delivery types are complete.
  Application::Application(Host& h) : host(h) {}
  Application::~Application() = default;
}
