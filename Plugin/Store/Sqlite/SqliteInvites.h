#pragma once

#include "Store/InviteStore.h"

namespace Ratatoskr::Sqlite
{
  class Connection;

  // SQL of invites, uploads and uploaded instances; runs inside the transaction its caller opened.
  class Invites : public InviteStore
  {
  public:
    explicit Invites(Connection& connection) : connection_(connection) {}

    void Create(const InviteRecord& invite) override;
    bool Get(const std::string& id, InviteRecord& invite) override;
    std::vector<InviteRecord> List() override;
    void Update(const InviteRecord& invite) override;

    std::optional<UploadRecord> OpenUpload(const std::string& inviteId) override;
    void CreateUpload(const UploadRecord& upload) override;
    bool GetUpload(const std::string& id, UploadRecord& upload) override;
    std::vector<UploadRecord> ListUploads(const std::string& inviteId) override;
    void UpdateUpload(const UploadRecord& upload) override;
    std::vector<UploadRecord> IdleUploads(StoreTime idleSince) override;
    std::optional<UploadRecord> UploadOfDelivery(const std::string& deliveryId) override;

    bool RecordInstance(const UploadedInstance& instance) override;
    std::optional<UploadedInstance> FindInstance(const std::string& inviteId,
                                                 const std::string& receivedSopInstanceUid) override;
    std::vector<std::string> Have(const std::string& inviteId, const std::vector<std::string>& uids) override;
    bool HasStudy(const std::string& inviteId, const std::string& studyInstanceUid) override;
    std::vector<std::string> StudiesOfUpload(const std::string& uploadId) override;

  private:
    std::vector<UploadRecord> SelectUploads(const std::string& where, const std::string& value, StoreTime number);

    Connection& connection_;
  };
}
