#include "DeliveryWiring.h"

#include "Application.h"
#include "Clock.h"
#include "Delivery/DeliveryService.h"
#include "Delivery/WebhookOutbox.h"
#include "Orthanc/ExceptionText.h"
#include "Orthanc/FrameworkHttpClient.h"

namespace Ratatoskr
{
  void BuildDelivery(Application& app, const Json::Value& orthancConfiguration)
  {
    app.http = std::make_unique<FrameworkHttpClient>(orthancConfiguration.get("HttpsVerifyPeers", true).asBool(),
                                                     orthancConfiguration.get("HttpsCACertificates", "").asString());

    std::map<std::string, Delivery::WebhookTarget> webhooks;
    for (const auto& entry : app.configuration.webhooks)
    {
      const WebhookConfiguration& w = entry.second;
      Delivery::WebhookTarget target;
      target.name = w.name;
      target.url = w.url;
      target.secret = w.secretBytes;
      target.timeoutSeconds = w.timeout;
      target.events = w.events;
      target.schedule = w.Schedule();
      webhooks.emplace(entry.first, std::move(target));
    }

    std::map<std::string, Delivery::DestinationTarget> destinations;
    for (const auto& entry : app.configuration.destinations)
    {
      const DestinationConfiguration& d = entry.second;
      Delivery::DestinationTarget target;
      target.name = d.name;
      target.policy = d.Policy();
      target.webhooks = d.webhooks;
      target.viewerUrl = d.viewerUrl;
      destinations.emplace(entry.first, std::move(target));
    }

    const Delivery::WebhookOutbox::Clock clock = [] { return Clock::NowMilliseconds(); };
    auto unit = std::make_shared<Delivery::RetrySchedule::UnitRandom>(Delivery::RetrySchedule::DefaultRandom());
    app.outbox = std::make_unique<Delivery::WebhookOutbox>(*app.store, *app.http, std::move(webhooks), clock);
    app.deliveryEngine = std::make_unique<Delivery::DeliveryEngine>(
      *app.store, *app.orthanc, *app.outbox, std::move(destinations), app.pseudonymizer->KeyId(), clock,
      [unit] { return 2 * (*unit)() - 1; });
    app.deliveries = std::make_unique<Delivery::DeliveryService>(*app.store, *app.orthanc, *app.deliveryEngine);
  }

  void DeliveryWorkers::Start()
  {
    deliveries->Start();
    outbox->Start();
  }

  void ReleaseClaimsOfAnEarlierRun(Application& app)
  {
    // SQLite: this Orthanc is the only one on the database, so a lease still running belongs to a process
    // that died (kill -9): its work is due again now rather than when the lease would have ended.
    const StoreTime now = Clock::NowMilliseconds();
    const unsigned int deliveries = app.store->Deliveries().ReleaseClaims(now);
    const unsigned int events = app.store->Outbox().ReleaseClaims(now);
    if (deliveries + events > 0)
    {
      app.host.LogWarning("Ratatoskr: " + std::to_string(deliveries) + " deliveries and " + std::to_string(events) +
                          " webhook events were in progress when Orthanc last stopped: they go on now");
    }
  }

  void DeliveryWorkers::Stop()
  {
    deliveries->Stop();
    outbox->Stop();
  }

  std::unique_ptr<DeliveryWorkers> MakeDeliveryWorkers(Application& app)
  {
    auto workers = std::make_unique<DeliveryWorkers>();
    const Host* host = &app.host;
    Delivery::DeliveryEngine* engine = app.deliveryEngine.get();
    Delivery::WebhookOutbox* outbox = app.outbox.get();
    workers->deliveries = std::make_unique<Delivery::PollingWorker>(
      "deliveries", [engine] { return engine->Round(); },
      [host] { host->LogError("Ratatoskr: delivery worker: " + DescribeCurrentException() + " (retrying)"); });
    workers->outbox = std::make_unique<Delivery::PollingWorker>(
      "webhooks", [outbox] { return outbox->Round(); },
      [host] { host->LogError("Ratatoskr: webhook worker: " + DescribeCurrentException() + " (retrying)"); });
    Delivery::PollingWorker* deliveryWorker = workers->deliveries.get();
    Delivery::PollingWorker* outboxWorker = workers->outbox.get();
    app.deliveries->SetWake([deliveryWorker] { deliveryWorker->Wake(); });
    app.outbox->SetWake([outboxWorker] { outboxWorker->Wake(); });
    return workers;
  }
}
