#pragma once

#include "Store/Store.h"

#include <memory>

namespace Ratatoskr
{
  // The aggregates of a Store with each call in a transaction of its own (a write through
  // Store::Transaction, a read through Store::Read), for every backend.
  class AutoCommitSession : public StoreSession
  {
  public:
    explicit AutoCommitSession(Store& store);
    ~AutoCommitSession() override;

    SettingsStore& Settings() override { return *settings_; }
    JobAuditStore& JobAudit() override { return *jobAudit_; }
    DeliveryStore& Deliveries() override { return *deliveries_; }
    WebhookOutboxStore& Outbox() override { return *outbox_; }
    InviteStore& Invites() override { return *invites_; }

  private:
    std::unique_ptr<SettingsStore> settings_;
    std::unique_ptr<JobAuditStore> jobAudit_;
    std::unique_ptr<DeliveryStore> deliveries_;
    std::unique_ptr<WebhookOutboxStore> outbox_;
    std::unique_ptr<InviteStore> invites_;
  };
}
