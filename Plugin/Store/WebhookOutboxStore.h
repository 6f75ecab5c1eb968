#pragma once

#include "Store/OutboxEntry.h"

#include <string>
#include <vector>

namespace Ratatoskr
{
  // The durable webhook outbox.
  class WebhookOutboxStore
  {
  public:
    virtual ~WebhookOutboxStore() = default;

    // Writes a new entry; `sequence` is the store's. StoreError(Constraint) if the id exists.
    virtual void Enqueue(const OutboxEntry& entry) = 0;

    virtual bool Get(const std::string& id, OutboxEntry& entry) = 0;

    virtual std::vector<OutboxEntry> List(const OutboxFilter& filter) = 0;

    virtual unsigned int Count(OutboxState state) = 0;

    // How many entries are in each state and when the oldest Pending one was created (for the metrics,
    // read every few seconds: a few cheap aggregate queries, no payloads loaded).
    virtual OutboxStatistics Statistics() = 0;

    // Writes the outcome of an attempt: state, attempts, nextAttemptAt, lastHttpStatus, lastError,
    // updatedAt. Returns false if there is no such entry.
    virtual bool Update(const OutboxEntry& entry) = 0;

    // The entries due at `now`: Pending, nextAttemptAt <= now, and no earlier entry (by creation) of the
    // same webhook and ordering key still Pending or Disabled, so the events of one case reach a receiver
    // in order. The longest due first, then by creation; at most `limit`. Each one returned gets
    // nextAttemptAt = `leaseUntil` in the same transaction (see DeliveryStore::ClaimDue).
    virtual std::vector<OutboxEntry> ClaimDue(StoreTime now, StoreTime leaseUntil, unsigned int limit) = 0;

    // See DeliveryStore::ReleaseClaims.
    virtual unsigned int ReleaseClaims(StoreTime now) = 0;

    // Moves every entry of a webhook from one state to another (Pending -> Disabled when the receiver
    // answers 410; Disabled -> Pending when an admin re-enables it), with a new nextAttemptAt and
    // updatedAt = `now`. Returns how many moved.
    virtual unsigned int MoveWebhookEntries(const std::string& webhook, OutboxState from, OutboxState to,
                                            StoreTime nextAttemptAt, StoreTime now) = 0;
  };
}
