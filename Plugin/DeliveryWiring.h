#pragma once

#include "Delivery/PollingWorker.h"

#include <json/value.h>

#include <memory>

namespace Ratatoskr
{
  struct Application;

  // The delivery side of a running plugin: the HTTP client, the webhook outbox, the delivery engine and
  // service (into `app`), from the "Destinations" and "Webhooks" configuration and Orthanc's TLS settings.
  void BuildDelivery(Application& app, const Json::Value& orthancConfiguration);

  // The two background threads that drive deliveries and the outbox (started once Orthanc is up).
  struct DeliveryWorkers
  {
    std::unique_ptr<Delivery::PollingWorker> deliveries;
    std::unique_ptr<Delivery::PollingWorker> outbox;

    void Start();
    void Stop();
    void WakeDeliveries() { deliveries->Wake(); }
  };

  std::unique_ptr<DeliveryWorkers> MakeDeliveryWorkers(Application& app);

  // At start, before the workers: what a killed Orthanc had claimed is due again (one Orthanc per database).
  void ReleaseClaimsOfAnEarlierRun(Application& app);
}
