#pragma once

#include "Delivery/WebhookTarget.h"
#include "Orthanc/HttpClient.h"
#include "Store/OutboxEntry.h"

namespace Ratatoskr::Delivery
{
  // One attempt of one outbox entry: signs it anew (the id stays, the timestamp is this attempt's), POSTs
  // it, and writes the outcome into the entry (state, attempts, next attempt, last status or error).
  // Returns true when the receiver answered 410 Gone: its webhook is to be disabled.
  bool SendWebhookAttempt(OutboxEntry& entry, const WebhookTarget& target, const HttpClient& http, StoreTime now);

  // What an answer or a failed exchange says, in words for the outbox ("HTTP 503: busy", "timeout ...").
  std::string DescribeExchange(const HttpExchange& exchange);
}
