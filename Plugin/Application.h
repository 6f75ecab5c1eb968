#pragma once

#include "Configuration.h"
#include "Core/ProfileRegistry.h"
#include "Core/Pseudonymizer.h"
#include "Orthanc/Host.h"
#include "Orthanc/HttpClient.h"
#include "Orthanc/OrthancGateway.h"
#include "Store/Store.h"

namespace Ratatoskr::Intake
{
  class InviteService;
  class UploadFinisher;
  class UploadReceiver;
  class PublicSite;
}

namespace Ratatoskr::Delivery
{
  class DeliveryEngine;
  class DeliveryService;
  class WebhookOutbox;
}

#include <memory>

namespace Ratatoskr
{
  // The services of a running plugin, built once by Plugin::Initialize and shared by routes and jobs.
  struct Application
  {
    Host& host;
    Configuration configuration;
    std::unique_ptr<Store> store;
    std::unique_ptr<Core::ProfileRegistry> profiles;
    std::unique_ptr<Core::Pseudonymizer> pseudonymizer;
    std::unique_ptr<OrthancGateway> orthanc;  // the typed way to Orthanc's resources, jobs and DICOMweb
    std::unique_ptr<HttpClient> http;         // outgoing HTTP (webhooks)
    std::unique_ptr<Delivery::WebhookOutbox> outbox;
    std::unique_ptr<Delivery::DeliveryEngine> deliveryEngine;
    std::unique_ptr<Delivery::DeliveryService> deliveries;
    std::unique_ptr<Intake::InviteService> invites;     // invites (admin API) and their tokens (public page)
    std::unique_ptr<Intake::UploadReceiver> uploads;    // instances of invite uploads: checked, anonymized again, stored
    std::unique_ptr<Intake::UploadFinisher> finisher;   // Finish: deliveries of an upload
    // What the public listener answers ("Ratatoskr.Public"): register its /api routes here (AddApiRoute) before
    // Orthanc has started. Null when the listener is not enabled.
    std::unique_ptr<Intake::PublicSite> publicSite;

    Application(const Application&) = delete;
    ~Application();

    explicit Application(Host& h);
  };
}
