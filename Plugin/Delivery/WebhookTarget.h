#pragma once

#include "Delivery/RetrySchedule.h"
#include "Delivery/WebhookEventType.h"

#include <set>
#include <string>

namespace Ratatoskr::Delivery
{
  // A receiver of webhook events, as the outbox sends to it (from its "Webhooks" entry).
  struct WebhookTarget
  {
    std::string name;
    std::string url;
    std::string secret;                  // the key's bytes (decoded from "whsec_...")
    unsigned int timeoutSeconds = 15;
    std::set<std::string> events;        // event types it receives ("ping" always)
    RetrySchedule schedule;

    bool Wants(const std::string& eventType) const { return WebhookEventType::IsSentTo(events, eventType); }
  };
}
