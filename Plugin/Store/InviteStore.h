#pragma once

#include "Store/InviteRecord.h"

#include <optional>
#include <string>
#include <vector>

namespace Ratatoskr
{
  // Invites, their uploads and the instances stored for them.
  class InviteStore
  {
  public:
    virtual ~InviteStore() = default;

    virtual void Create(const InviteRecord& invite) = 0;   // StoreError(Constraint) on a duplicate ID
    virtual bool Get(const std::string& id, InviteRecord& invite) = 0;
    virtual std::vector<InviteRecord> List() = 0;           // newest first
    // Writes what an admin may change: expiresAt, revokedAt (not the use counters).
    virtual void Update(const InviteRecord& invite) = 0;

    // The open upload of an invite, if any.
    virtual std::optional<UploadRecord> OpenUpload(const std::string& inviteId) = 0;
    virtual void CreateUpload(const UploadRecord& upload) = 0;
    virtual bool GetUpload(const std::string& id, UploadRecord& upload) = 0;
    virtual std::vector<UploadRecord> ListUploads(const std::string& inviteId) = 0;  // oldest first
    // Writes state, finishedAt, deliveries, finishError.
    virtual void UpdateUpload(const UploadRecord& upload) = 0;
    // Open uploads whose last instance came before `idleSince`.
    virtual std::vector<UploadRecord> IdleUploads(StoreTime idleSince) = 0;
    // The upload whose Finish created this delivery.
    virtual std::optional<UploadRecord> UploadOfDelivery(const std::string& deliveryId) = 0;

    // Records a stored instance and counts it in its upload and invite (files, bytes, distinct studies).
    // False (nothing written) when the invite already has this received SOP Instance UID.
    virtual bool RecordInstance(const UploadedInstance& instance) = 0;
    virtual std::optional<UploadedInstance> FindInstance(const std::string& inviteId,
                                                         const std::string& receivedSopInstanceUid) = 0;
    // Which of these received SOP Instance UIDs the invite already has.
    virtual std::vector<std::string> Have(const std::string& inviteId, const std::vector<std::string>& uids) = 0;
    virtual bool HasStudy(const std::string& inviteId, const std::string& studyInstanceUid) = 0;
    // Orthanc IDs of the studies an upload stored into, in the order they first appeared.
    virtual std::vector<std::string> StudiesOfUpload(const std::string& uploadId) = 0;
  };
}
