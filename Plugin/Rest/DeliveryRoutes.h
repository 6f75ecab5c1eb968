#pragma once

#include <json/value.h>

namespace Ratatoskr
{
  class RestRouter;
  struct Application;
  struct OutboxEntry;

  // An outbox entry as the REST API shows it (the payload only when asked for).
  Json::Value DescribeOutboxEntry(const OutboxEntry& entry, bool withPayload);

  // GET /ratatoskr/deliveries[?state=&limit=&since=], GET /ratatoskr/deliveries/{id},
  // POST /ratatoskr/deliveries/{id}/retry, POST /ratatoskr/deliveries/{id}/cancel,
  // POST /ratatoskr/studies/{id}/deliver {"Destination", "Synchronous"}.
  void RegisterDeliveryRoutes(RestRouter& router, Application& app);

  // GET /ratatoskr/webhooks, GET /ratatoskr/webhooks/deliveries[?state=&webhook=&limit=&since=],
  // GET /ratatoskr/webhooks/deliveries/{id}, POST /ratatoskr/webhooks/deliveries/{id}/retry,
  // POST /ratatoskr/webhooks/{name}/test, POST /ratatoskr/webhooks/{name}/enable.
  void RegisterWebhookRoutes(RestRouter& router, Application& app);
}
