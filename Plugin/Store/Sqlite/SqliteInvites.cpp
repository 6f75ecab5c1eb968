#include "Store/Sqlite/SqliteInvites.h"

#include "JsonIo.h"
#include "Store/StoreError.h"
#include "Store/Sqlite/SqliteStatement.h"

namespace Ratatoskr::Sqlite
{
  namespace
  {
    const char* const inviteColumns = "id, secretHash, profile, destination, metadata, note, key, createdAt, expiresAt, "
                                      "revokedAt, maxStudies, maxFiles, maxBytes, allowedKinds, files, bytes, studies";
    const char* const uploadColumns = "id, invite, state, createdAt, updatedAt, finishedAt, files, bytes, deliveries, "
                                      "finishError";
    const char* const instanceColumns = "invite, receivedSopInstanceUid, upload, storedSopInstanceUid, orthancId, study, "
                                        "studyInstanceUid, kind, bytes, receivedAt";

    std::vector<std::string> StringArray(const std::string& text)
    {
      std::vector<std::string> items;
      Json::Value array;
      if (JsonIo::Parse(text, array) && array.isArray())
      {
        for (const Json::Value& item : array)
        {
          if (item.isString())
          {
            items.push_back(item.asString());
          }
        }
      }
      return items;
    }

    std::int64_t Signed(std::uint64_t value)
    {
      return static_cast<std::int64_t>(value);
    }

    InviteRecord ReadInvite(const Statement& s)
    {
      InviteRecord invite;
      invite.id = s.Text(0);
      invite.secretHash = s.Text(1);
      invite.profile = s.Text(2);
      invite.destination = s.Text(3);
      if (!JsonIo::Parse(s.Text(4), invite.metadata) || !invite.metadata.isObject())
      {
        invite.metadata = Json::objectValue;
      }
      invite.note = s.Text(5);
      invite.key = s.Text(6);
      invite.createdAt = s.Integer(7);
      invite.expiresAt = s.Integer(8);
      invite.revokedAt = s.Integer(9);
      invite.maxStudies = static_cast<std::uint64_t>(s.Integer(10));
      invite.maxFiles = static_cast<std::uint64_t>(s.Integer(11));
      invite.maxBytes = static_cast<std::uint64_t>(s.Integer(12));
      invite.allowedKinds = StringArray(s.Text(13));
      invite.files = static_cast<std::uint64_t>(s.Integer(14));
      invite.bytes = static_cast<std::uint64_t>(s.Integer(15));
      invite.studies = static_cast<std::uint64_t>(s.Integer(16));
      return invite;
    }

    UploadRecord ReadUpload(const Statement& s)
    {
      UploadRecord upload;
      upload.id = s.Text(0);
      upload.inviteId = s.Text(1);
      if (!ParseUploadState(s.Text(2), upload.state))
      {
        throw StoreError(StoreError::Kind::Corrupt, "upload " + upload.id + " has an unknown state");
      }
      upload.createdAt = s.Integer(3);
      upload.updatedAt = s.Integer(4);
      upload.finishedAt = s.Integer(5);
      upload.files = static_cast<std::uint64_t>(s.Integer(6));
      upload.bytes = static_cast<std::uint64_t>(s.Integer(7));
      upload.deliveries = StringArray(s.Text(8));
      upload.finishError = s.Text(9);
      return upload;
    }

    UploadedInstance ReadInstance(const Statement& s)
    {
      UploadedInstance i;
      i.inviteId = s.Text(0);
      i.receivedSopInstanceUid = s.Text(1);
      i.uploadId = s.Text(2);
      i.storedSopInstanceUid = s.Text(3);
      i.orthancId = s.Text(4);
      i.study = s.Text(5);
      i.studyInstanceUid = s.Text(6);
      i.kind = s.Text(7);
      i.bytes = static_cast<std::uint64_t>(s.Integer(8));
      i.receivedAt = s.Integer(9);
      return i;
    }
  }

  void Invites::Create(const InviteRecord& invite)
  {
    Statement s(connection_, std::string("INSERT INTO Invites(") + inviteColumns +
                             ") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)");
    s.Bind(invite.id).Bind(invite.secretHash).Bind(invite.profile).Bind(invite.destination)
     .Bind(JsonIo::Compact(invite.metadata)).Bind(invite.note).Bind(invite.key).Bind(invite.createdAt)
     .Bind(invite.expiresAt).Bind(invite.revokedAt).Bind(Signed(invite.maxStudies)).Bind(Signed(invite.maxFiles))
     .Bind(Signed(invite.maxBytes)).Bind(JsonIo::Compact(JsonIo::Array(invite.allowedKinds))).Run();
  }

  bool Invites::Get(const std::string& id, InviteRecord& invite)
  {
    Statement s(connection_, std::string("SELECT ") + inviteColumns + " FROM Invites WHERE id=?");
    s.Bind(id);
    if (s.Step())
    {
      invite = ReadInvite(s);
      return true;
    }
    return false;
  }

  std::vector<InviteRecord> Invites::List()
  {
    Statement s(connection_, std::string("SELECT ") + inviteColumns + " FROM Invites ORDER BY sequence DESC");
    std::vector<InviteRecord> invites;
    while (s.Step())
    {
      invites.push_back(ReadInvite(s));
    }
    return invites;
  }

  void Invites::Update(const InviteRecord& invite)
  {
    Statement s(connection_, "UPDATE Invites SET expiresAt=?, revokedAt=? WHERE id=?");
    s.Bind(invite.expiresAt).Bind(invite.revokedAt).Bind(invite.id).Run();
  }

  std::vector<UploadRecord> Invites::SelectUploads(const std::string& where, const std::string& value,
                                                   StoreTime number)
  {
    Statement s(connection_, std::string("SELECT ") + uploadColumns + " FROM Uploads WHERE " + where +
                             " ORDER BY sequence");
    if (!value.empty())
    {
      s.Bind(value);
    }
    else
    {
      s.Bind(number);
    }
    std::vector<UploadRecord> uploads;
    while (s.Step())
    {
      uploads.push_back(ReadUpload(s));
    }
    return uploads;
  }

  std::optional<UploadRecord> Invites::OpenUpload(const std::string& inviteId)
  {
    std::vector<UploadRecord> open = SelectUploads("invite=? AND state='Open'", inviteId, 0);
    if (open.empty())
    {
      return std::nullopt;
    }
    return open.back();
  }

  void Invites::CreateUpload(const UploadRecord& upload)
  {
    Statement s(connection_, std::string("INSERT INTO Uploads(") + uploadColumns +
                             ") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.Bind(upload.id).Bind(upload.inviteId).Bind(ToString(upload.state)).Bind(upload.createdAt)
     .Bind(upload.updatedAt).Bind(upload.finishedAt).Bind(Signed(upload.files)).Bind(Signed(upload.bytes))
     .Bind(JsonIo::Compact(JsonIo::Array(upload.deliveries))).Bind(upload.finishError).Run();
  }

  bool Invites::GetUpload(const std::string& id, UploadRecord& upload)
  {
    std::vector<UploadRecord> found = SelectUploads("id=?", id, 0);
    if (found.empty())
    {
      return false;
    }
    upload = found.front();
    return true;
  }

  std::vector<UploadRecord> Invites::ListUploads(const std::string& inviteId)
  {
    return SelectUploads("invite=?", inviteId, 0);
  }

  void Invites::UpdateUpload(const UploadRecord& upload)
  {
    Statement s(connection_, "UPDATE Uploads SET state=?, finishedAt=?, deliveries=?, finishError=? WHERE id=?");
    s.Bind(ToString(upload.state)).Bind(upload.finishedAt).Bind(JsonIo::Compact(JsonIo::Array(upload.deliveries)))
     .Bind(upload.finishError).Bind(upload.id).Run();
    Statement clear(connection_, "DELETE FROM UploadDeliveries WHERE upload=?");
    clear.Bind(upload.id).Run();
    for (const std::string& delivery : upload.deliveries)
    {
      Statement link(connection_, "INSERT OR REPLACE INTO UploadDeliveries(delivery, upload) VALUES(?, ?)");
      link.Bind(delivery).Bind(upload.id).Run();
    }
  }

  std::vector<UploadRecord> Invites::IdleUploads(StoreTime idleSince)
  {
    return SelectUploads("state='Open' AND updatedAt<?", "", idleSince);
  }

  std::optional<UploadRecord> Invites::UploadOfDelivery(const std::string& deliveryId)
  {
    Statement s(connection_, "SELECT upload FROM UploadDeliveries WHERE delivery=?");
    s.Bind(deliveryId);
    UploadRecord upload;
    if (s.Step() && GetUpload(s.Text(0), upload))
    {
      return upload;
    }
    return std::nullopt;
  }

  bool Invites::RecordInstance(const UploadedInstance& i)
  {
    if (FindInstance(i.inviteId, i.receivedSopInstanceUid))
    {
      return false;
    }
    const bool newStudy = !HasStudy(i.inviteId, i.studyInstanceUid);
    Statement insert(connection_, std::string("INSERT INTO UploadedInstances(") + instanceColumns +
                                  ") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.Bind(i.inviteId).Bind(i.receivedSopInstanceUid).Bind(i.uploadId).Bind(i.storedSopInstanceUid)
          .Bind(i.orthancId).Bind(i.study).Bind(i.studyInstanceUid).Bind(i.kind).Bind(Signed(i.bytes))
          .Bind(i.receivedAt).Run();
    Statement upload(connection_, "UPDATE Uploads SET files=files+1, bytes=bytes+?, updatedAt=MAX(updatedAt, ?) "
                                  "WHERE id=?");
    upload.Bind(Signed(i.bytes)).Bind(i.receivedAt).Bind(i.uploadId).Run();
    Statement invite(connection_, "UPDATE Invites SET files=files+1, bytes=bytes+?, studies=studies+? WHERE id=?");
    invite.Bind(Signed(i.bytes)).Bind(static_cast<std::int64_t>(newStudy ? 1 : 0)).Bind(i.inviteId).Run();
    return true;
  }

  std::optional<UploadedInstance> Invites::FindInstance(const std::string& inviteId,
                                                        const std::string& receivedSopInstanceUid)
  {
    Statement s(connection_, std::string("SELECT ") + instanceColumns +
                             " FROM UploadedInstances WHERE invite=? AND receivedSopInstanceUid=?");
    s.Bind(inviteId).Bind(receivedSopInstanceUid);
    if (s.Step())
    {
      return ReadInstance(s);
    }
    return std::nullopt;
  }

  std::vector<std::string> Invites::Have(const std::string& inviteId, const std::vector<std::string>& uids)
  {
    std::vector<std::string> have;
    Statement s(connection_, "SELECT 1 FROM UploadedInstances WHERE invite=? AND receivedSopInstanceUid=?");
    for (const std::string& uid : uids)
    {
      s.Reset();
      s.Bind(inviteId).Bind(uid);
      if (s.Step())
      {
        have.push_back(uid);
      }
    }
    return have;
  }

  bool Invites::HasStudy(const std::string& inviteId, const std::string& studyInstanceUid)
  {
    Statement s(connection_, "SELECT 1 FROM UploadedInstances WHERE invite=? AND studyInstanceUid=? LIMIT 1");
    s.Bind(inviteId).Bind(studyInstanceUid);
    return s.Step();
  }

  std::vector<std::string> Invites::StudiesOfUpload(const std::string& uploadId)
  {
    Statement s(connection_, "SELECT study FROM UploadedInstances WHERE upload=? GROUP BY study "
                             "ORDER BY MIN(receivedAt), study");
    s.Bind(uploadId);
    std::vector<std::string> studies;
    while (s.Step())
    {
      studies.push_back(s.Text(0));
    }
    return studies;
  }
}
