#include "Store/AutoCommitSession.h"

#include <type_traits>
#include <utility>

namespace Ratatoskr
{
  namespace
  {
    // Runs f(session) in a transaction of the given kind and returns what f returns.
    template <typename F>
    auto Run(Store& store, bool write, F f) -> decltype(f(std::declval<StoreSession&>()))
    {
      using Result = decltype(f(std::declval<StoreSession&>()));
      if constexpr (std::is_void_v<Result>)
      {
        const Store::Work work = [&](StoreSession& s) { f(s); };
        write ? store.Transaction(work) : store.Read(work);
      }
      else
      {
        Result result{};
        const Store::Work work = [&](StoreSession& s) { result = f(s); };
        write ? store.Transaction(work) : store.Read(work);
        return result;
      }
    }

    template <typename F>
    auto Write(Store& store, F f) { return Run(store, true, f); }

    template <typename F>
    auto Read(Store& store, F f) { return Run(store, false, f); }

    class AutoCommitSettings : public SettingsStore
    {
    public:
      explicit AutoCommitSettings(Store& store) : store_(store) {}

      bool Get(const std::string& key, std::string& value) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Settings().Get(key, value); });
      }

      void Set(const std::string& key, const std::string& value) override
      {
        Write(store_, [&](StoreSession& s) { s.Settings().Set(key, value); });
      }

      std::string SetIfAbsent(const std::string& key, const std::string& value) override
      {
        return Write(store_, [&](StoreSession& s) { return s.Settings().SetIfAbsent(key, value); });
      }

    private:
      Store& store_;
    };

    class AutoCommitJobAudit : public JobAuditStore
    {
    public:
      explicit AutoCommitJobAudit(Store& store) : store_(store) {}

      void Save(const JobRecord& job) override
      {
        Write(store_, [&](StoreSession& s) { s.JobAudit().Save(job); });
      }

      bool Get(const std::string& id, JobRecord& job) override
      {
        return Read(store_, [&](StoreSession& s) { return s.JobAudit().Get(id, job); });
      }

      std::vector<JobRecord> List(unsigned int limit, unsigned int offset) override
      {
        return Read(store_, [&](StoreSession& s) { return s.JobAudit().List(limit, offset); });
      }

      std::map<std::string, unsigned int> CountByState() override
      {
        return Read(store_, [&](StoreSession& s) { return s.JobAudit().CountByState(); });
      }

    private:
      Store& store_;
    };

    class AutoCommitDeliveries : public DeliveryStore
    {
    public:
      explicit AutoCommitDeliveries(Store& store) : store_(store) {}

      void Create(const DeliveryRecord& delivery) override
      {
        Write(store_, [&](StoreSession& s) { s.Deliveries().Create(delivery); });
      }

      bool Get(const std::string& id, DeliveryRecord& delivery) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Deliveries().Get(id, delivery); });
      }

      std::vector<DeliverySummary> List(const DeliveryFilter& filter) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Deliveries().List(filter); });
      }

      unsigned int Count(DeliveryState state) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Deliveries().Count(state); });
      }

      DeliveryStatistics Statistics() override
      {
        return Read(store_, [&](StoreSession& s) { return s.Deliveries().Statistics(); });
      }

      bool Update(const DeliveryRecord& delivery) override
      {
        return Write(store_, [&](StoreSession& s) { return s.Deliveries().Update(delivery); });
      }

      std::vector<DeliveryRecord> ClaimDue(StoreTime now, StoreTime leaseUntil, unsigned int limit) override
      {
        return Write(store_, [&](StoreSession& s) { return s.Deliveries().ClaimDue(now, leaseUntil, limit); });
      }

      unsigned int ReleaseClaims(StoreTime now) override
      {
        return Write(store_, [&](StoreSession& s) { return s.Deliveries().ReleaseClaims(now); });
      }

    private:
      Store& store_;
    };

    class AutoCommitOutbox : public WebhookOutboxStore
    {
    public:
      explicit AutoCommitOutbox(Store& store) : store_(store) {}

      void Enqueue(const OutboxEntry& entry) override
      {
        Write(store_, [&](StoreSession& s) { s.Outbox().Enqueue(entry); });
      }

      bool Get(const std::string& id, OutboxEntry& entry) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Outbox().Get(id, entry); });
      }

      std::vector<OutboxEntry> List(const OutboxFilter& filter) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Outbox().List(filter); });
      }

      unsigned int Count(OutboxState state) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Outbox().Count(state); });
      }

      OutboxStatistics Statistics() override
      {
        return Read(store_, [&](StoreSession& s) { return s.Outbox().Statistics(); });
      }

      bool Update(const OutboxEntry& entry) override
      {
        return Write(store_, [&](StoreSession& s) { return s.Outbox().Update(entry); });
      }

      std::vector<OutboxEntry> ClaimDue(StoreTime now, StoreTime leaseUntil, unsigned int limit) override
      {
        return Write(store_, [&](StoreSession& s) { return s.Outbox().ClaimDue(now, leaseUntil, limit); });
      }

      unsigned int ReleaseClaims(StoreTime now) override
      {
        return Write(store_, [&](StoreSession& s) { return s.Outbox().ReleaseClaims(now); });
      }

      unsigned int MoveWebhookEntries(const std::string& webhook, OutboxState from, OutboxState to,
                                      StoreTime nextAttemptAt, StoreTime now) override
      {
        return Write(store_, [&](StoreSession& s)
        {
          return s.Outbox().MoveWebhookEntries(webhook, from, to, nextAttemptAt, now);
        });
      }

    private:
      Store& store_;
    };

    class AutoCommitInvites : public InviteStore
    {
    public:
      explicit AutoCommitInvites(Store& store) : store_(store) {}

      void Create(const InviteRecord& invite) override { Write(store_, [&](StoreSession& s) { s.Invites().Create(invite); }); }
      bool Get(const std::string& id, InviteRecord& invite) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Invites().Get(id, invite); });
      }
      std::vector<InviteRecord> List() override { return Read(store_, [&](StoreSession& s) { return s.Invites().List(); }); }
      void Update(const InviteRecord& invite) override { Write(store_, [&](StoreSession& s) { s.Invites().Update(invite); }); }
      std::optional<UploadRecord> OpenUpload(const std::string& inviteId) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Invites().OpenUpload(inviteId); });
      }
      void CreateUpload(const UploadRecord& upload) override
      {
        Write(store_, [&](StoreSession& s) { s.Invites().CreateUpload(upload); });
      }
      bool GetUpload(const std::string& id, UploadRecord& upload) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Invites().GetUpload(id, upload); });
      }
      std::vector<UploadRecord> ListUploads(const std::string& inviteId) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Invites().ListUploads(inviteId); });
      }
      void UpdateUpload(const UploadRecord& upload) override
      {
        Write(store_, [&](StoreSession& s) { s.Invites().UpdateUpload(upload); });
      }
      std::vector<UploadRecord> IdleUploads(StoreTime idleSince) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Invites().IdleUploads(idleSince); });
      }
      std::optional<UploadRecord> UploadOfDelivery(const std::string& deliveryId) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Invites().UploadOfDelivery(deliveryId); });
      }
      bool RecordInstance(const UploadedInstance& instance) override
      {
        return Write(store_, [&](StoreSession& s) { return s.Invites().RecordInstance(instance); });
      }
      std::optional<UploadedInstance> FindInstance(const std::string& inviteId, const std::string& uid) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Invites().FindInstance(inviteId, uid); });
      }
      std::vector<std::string> Have(const std::string& inviteId, const std::vector<std::string>& uids) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Invites().Have(inviteId, uids); });
      }
      bool HasStudy(const std::string& inviteId, const std::string& studyInstanceUid) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Invites().HasStudy(inviteId, studyInstanceUid); });
      }
      std::vector<std::string> StudiesOfUpload(const std::string& uploadId) override
      {
        return Read(store_, [&](StoreSession& s) { return s.Invites().StudiesOfUpload(uploadId); });
      }

    private:
      Store& store_;
    };
  }

  AutoCommitSession::AutoCommitSession(Store& store)
    : settings_(std::make_unique<AutoCommitSettings>(store)),
      jobAudit_(std::make_unique<AutoCommitJobAudit>(store)),
      deliveries_(std::make_unique<AutoCommitDeliveries>(store)),
      outbox_(std::make_unique<AutoCommitOutbox>(store)),
      invites_(std::make_unique<AutoCommitInvites>(store))
  {
  }

  AutoCommitSession::~AutoCommitSession() = default;
}
