#pragma once

#include "Store/DeliveryStore.h"
#include "Store/InviteStore.h"
#include "Store/JobAuditStore.h"
#include "Store/SettingsStore.h"
#include "Store/WebhookOutboxStore.h"

namespace Ratatoskr
{
  // The aggregates of the plugin's state, one interface each (DESIGN.md, "State goes through interfaces in
  // Store/"): within one transaction (Store::Transaction) or each call in its own (Store itself).
  class StoreSession
  {
  public:
    virtual ~StoreSession() = default;

    virtual SettingsStore& Settings() = 0;
    virtual JobAuditStore& JobAudit() = 0;
    virtual DeliveryStore& Deliveries() = 0;
    virtual WebhookOutboxStore& Outbox() = 0;
    virtual InviteStore& Invites() = 0;
  };
}
