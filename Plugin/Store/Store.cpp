#include "Store/Store.h"

#include "Store/AutoCommitSession.h"

namespace Ratatoskr
{
  Store::Store() : autoCommit_(std::make_unique<AutoCommitSession>(*this)) {}

  Store::~Store() = default;

  SettingsStore& Store::Settings() { return autoCommit_->Settings(); }
  JobAuditStore& Store::JobAudit() { return autoCommit_->JobAudit(); }
  DeliveryStore& Store::Deliveries() { return autoCommit_->Deliveries(); }
  WebhookOutboxStore& Store::Outbox() { return autoCommit_->Outbox(); }
  InviteStore& Store::Invites() { return autoCommit_->Invites(); }
}
