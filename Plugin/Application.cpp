#include "Application.h"

#include "Delivery/DeliveryService.h"
#include "Delivery/WebhookOutbox.h"
#include "Intake/InviteService.h"
#include "Intake/UploadFinisher.h"
#include "Intake/UploadReceiver.h"
#include "Intake/PublicSite.h"

namespace Ratatoskr
{
  // Here, where the delivery types are complete.
  Application::Application(Host& h) : host(h) {}
  Application::~Application() = default;
}
