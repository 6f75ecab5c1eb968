#pragma once

#include "Store/WebhookOutboxStore.h"

namespace Ratatoskr::Sqlite
{
  class Connection;

  // SQL of the webhook outbox; runs inside the transaction its caller opened.
  class Outbox : public WebhookOutboxStore
  {
  public:
    explicit Outbox(Connection& connection) : connection_(connection) {}

    void Enqueue(const OutboxEntry& entry) override;
    bool Get(const std::string& id, OutboxEntry& entry) override;
    std::vector<OutboxEntry> List(const OutboxFilter& filter) override;
    unsigned int Count(OutboxState state) override;
    OutboxStatistics Statistics() override;
    bool Update(const OutboxEntry& entry) override;
    std::vector<OutboxEntry> ClaimDue(StoreTime now, StoreTime leaseUntil, unsigned int limit) override;
    unsigned int ReleaseClaims(StoreTime now) override;
    unsigned int MoveWebhookEntries(const std::string& webhook, OutboxState from, OutboxState to,
                                    StoreTime nextAttemptAt, StoreTime now) override;

  private:
    Connection& connection_;
  };
}
