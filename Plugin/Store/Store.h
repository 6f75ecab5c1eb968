#pragma once

#include "Store/StoreError.h"
#include "Store/StoreSession.h"

#include <functional>
#include <memory>
#include <string>

namespace Ratatoskr
{
  class AutoCommitSession;

  // The plugin's own state, on one backend (SQLite today; PostgreSQL for several Orthanc on one index).
  // Every error is a StoreError. Implementations are thread-safe.
  //
  // Used as a StoreSession, each call runs in a transaction of its own. Writes that belong together (the
  // end of a job and its delivery record, a delivery's state and the event it emits) go through
  // Transaction:
  //
  //   store.Transaction([&](StoreSession& s) { s.JobAudit().Save(job); s.Deliveries().Create(delivery); });
  class Store : public StoreSession
  {
  public:
    using Work = std::function<void(StoreSession& session)>;

    Store();
    ~Store() override;

    virtual std::string Type() const = 0;      // "SQLite"
    virtual std::string Location() const = 0;  // file or server, never a password
    virtual int SchemaVersion() const = 0;     // of the database as opened (migrated forward at open)

    SettingsStore& Settings() final;
    JobAuditStore& JobAudit() final;
    DeliveryStore& Deliveries() final;
    WebhookOutboxStore& Outbox() final;
    InviteStore& Invites() final;

    // Runs `work` in one transaction. What it wrote through `session` is committed when it returns; when
    // it throws, nothing it wrote stays and the exception goes on. A StoreError inside `work` dooms the
    // transaction even if `work` catches it (PostgreSQL aborts a transaction on any error; SQLite is made
    // to agree): Transaction then throws that error. Inside `work`, use `session` only: the store's own
    // calls from that thread throw StoreError(Other) rather than wait for this very transaction.
    virtual void Transaction(const Work& work) = 0;

    // A consistent read of several aggregates; `work` must not write. It does not wait for writers (open
    // transactions of this process, or a write lock of another one), where Transaction would.
    virtual void Read(const Work& work) = 0;

  private:
    std::unique_ptr<AutoCommitSession> autoCommit_;
  };
}
