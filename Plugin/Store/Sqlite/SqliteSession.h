#pragma once

#include "Store/Sqlite/SqliteDeliveries.h"
#include "Store/Sqlite/SqliteInvites.h"
#include "Store/Sqlite/SqliteJobAudit.h"
#include "Store/Sqlite/SqliteOutbox.h"
#include "Store/Sqlite/SqliteSettings.h"
#include "Store/StoreSession.h"

namespace Ratatoskr::Sqlite
{
  // The aggregates' SQL on one connection, handed to the work of a transaction.
  class Session : public StoreSession
  {
  public:
    explicit Session(Connection& connection)
      : settings_(connection), jobAudit_(connection), deliveries_(connection), outbox_(connection), invites_(connection) {}

    SettingsStore& Settings() override { return settings_; }
    JobAuditStore& JobAudit() override { return jobAudit_; }
    DeliveryStore& Deliveries() override { return deliveries_; }
    WebhookOutboxStore& Outbox() override { return outbox_; }
    InviteStore& Invites() override { return invites_; }

  private:
    Sqlite::Settings settings_;
    Sqlite::JobAudit jobAudit_;
    Sqlite::Deliveries deliveries_;
    Sqlite::Outbox outbox_;
    Sqlite::Invites invites_;
  };
}
