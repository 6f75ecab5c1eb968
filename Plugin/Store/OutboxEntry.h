#pragma once

#include "Store/StoreTime.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace Ratatoskr
{
  enum class OutboxState
  {
    Pending,    // to be sent (now or at nextAttemptAt)
    Delivered,  // the receiver answered 2xx
    Failed,     // gave up after the last attempt (dead letter; an admin may replay it)
    Disabled    // its webhook is disabled (the receiver answered 410) until an admin re-enables it
  };

  // One webhook event (Standard Webhooks), written before any attempt and kept after the last.
  struct OutboxEntry
  {
    std::string id;            // the `webhook-id` ("msg_" + random), the same on every attempt
    std::int64_t sequence = 0; // creation order, assigned by the store
    std::string webhook;       // name in the "Webhooks" configuration
    std::string eventType;     // "case.delivered", "job.failed", "ping", ...
    std::string payload;       // the body, exactly the bytes that are sent and signed
    // Events of one key (the case) go out to one webhook in creation order; "" = no order.
    std::string orderingKey;
    OutboxState state = OutboxState::Pending;
    unsigned int attempts = 0;
    StoreTime nextAttemptAt = 0;
    int lastHttpStatus = 0;    // of the last attempt, 0 if none or no answer
    std::string lastError;     // in words (timeout, refused, ...), without patient data
    StoreTime createdAt = 0;
    StoreTime updatedAt = 0;
  };

  // Filters of WebhookOutboxStore::List: newest first.
  struct OutboxFilter
  {
    std::optional<OutboxState> state;
    std::string webhook;      // "" = every webhook
    std::string orderingKey;  // "" = any; else the events of one delivery (its ID) or upload (its ID)
    unsigned int limit = 100;
    unsigned int offset = 0;  // entries skipped (the `since` of the REST lists)
  };

  // The numbers the metrics show of the outbox (WebhookOutboxStore::Statistics).
  struct OutboxStatistics
  {
    std::map<OutboxState, unsigned int> count;  // entries per state; a state without any may be absent
    StoreTime oldestPendingCreatedAt = 0;       // creation of the oldest Pending entry; 0 if none

    unsigned int Count(OutboxState state) const;
  };

  const char* ToString(OutboxState state);
  bool Parse(const std::string& text, OutboxState& state);
}
