#include "Intake/UploadReceiver.h"

#include "Core/Anonymizer.h"
#include "Core/DeidentificationMarker.h"
#include "Core/DicomBuffer.h"
#include "Core/Errors.h"
#include "Core/InstanceIdentity.h"
#include "Core/ProfileRegistry.h"
#include "Core/Pseudonymizer.h"
#include "Core/RandomBytes.h"
#include "Intake/IntakeError.h"
#include "Jobs/MetadataIndexes.h"

#include <dcmtk/dcmdata/dcfilefo.h>

#include <algorithm>

namespace Ratatoskr::Intake
{
  namespace
  {
    constexpr size_t MaxCachedEngines = 256;

    std::string KindInWords(const std::string& kind)
    {
      if (kind == "image") return "Pictures";
      if (kind == "pdf") return "PDF documents";
      if (kind == "video") return "Videos";
      return "DICOM images";
    }

    std::map<std::string, std::string> MetadataTexts(const Json::Value& metadata)
    {
      std::map<std::string, std::string> texts;
      for (const std::string& key : metadata.getMemberNames())
      {
        const Json::Value& v = metadata[key];
        texts[key] = v.isString() ? v.asString() : v.toStyledString();
        while (!texts[key].empty() && texts[key].back() == '\n')
        {
          texts[key].pop_back();
        }
      }
      return texts;
    }

    // The limits of files and bytes, checked before the work and again when the instance is recorded.
    void CheckFileLimits(const InviteRecord& invite, std::uint64_t size)
    {
      if (invite.maxFiles != 0 && invite.files >= invite.maxFiles)
      {
        throw IntakeError(IntakeError::Reason::Exhausted, "This invite has received all the files it accepts (" +
                          std::to_string(invite.maxFiles) + "). Ask the people who sent it for another one.");
      }
      if (invite.maxBytes != 0 && invite.bytes + size > invite.maxBytes)
      {
        throw IntakeError(IntakeError::Reason::Exhausted, "This file would go beyond the total size this invite "
                          "accepts (" + std::to_string(invite.maxBytes / (1024 * 1024)) + " MB).");
      }
    }
  }

  struct UploadReceiver::InviteEngine
  {
    Core::Pseudonymizer pseudonymizer;
    Core::Anonymizer anonymizer;
    std::string methodText;   // the stamp the page's engine writes with this profile and key

    InviteEngine(const std::string& key, const std::string& uidRoot, std::shared_ptr<const Core::ResolvedProfile> p)
      : pseudonymizer(key, uidRoot), anonymizer(p, pseudonymizer),
        methodText(Core::DeidentificationMarker::MethodText(*p, pseudonymizer.KeyId()))
    {
    }
  };

  UploadReceiver::UploadReceiver(Store& store, const OrthancGateway& orthanc, const Core::ProfileRegistry& profiles,
                                 std::string uidRoot, InvitePolicy policy, Now now)
    : store_(store), orthanc_(orthanc), profiles_(profiles), uidRoot_(std::move(uidRoot)), policy_(policy),
      now_(std::move(now))
  {
  }

  UploadReceiver::~UploadReceiver() = default;

  std::shared_ptr<const UploadReceiver::InviteEngine> UploadReceiver::EngineOf(const InviteRecord& invite) const
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = engines_.find(invite.id);
    if (found != engines_.end())
    {
      return found->second;
    }
    if (engines_.size() >= MaxCachedEngines)
    {
      engines_.clear();  // engines in use stay alive through their shared_ptr
    }
    auto engine = std::make_shared<const InviteEngine>(invite.key, uidRoot_, profiles_.Get(invite.profile));
    engines_[invite.id] = engine;
    return engine;
  }

  UploadReceiver::EngineSettings UploadReceiver::EngineFor(const InviteRecord& invite) const
  {
    return EngineSettings{invite.profile, invite.key, uidRoot_, EngineOf(invite)->pseudonymizer.KeyId()};
  }

  std::optional<UploadRecord> UploadReceiver::OpenUploadOf(const InviteRecord& invite) const
  {
    return store_.Invites().OpenUpload(invite.id);
  }

  std::vector<std::string> UploadReceiver::Have(const InviteRecord& invite, const std::vector<std::string>& uids) const
  {
    if (uids.size() > MaxHaveQuery)
    {
      throw IntakeError(IntakeError::Reason::BadRequest,
                        "Ask for at most " + std::to_string(MaxHaveQuery) + " SOP Instance UIDs at once");
    }
    return store_.Invites().Have(invite.id, uids);
  }

  UploadReceiver::Received UploadReceiver::Receive(const InviteRecord& invite, const std::string& dicom,
                                                   const std::string& kind) const
  {
    const std::vector<std::string>& kinds = InvitePolicy::Kinds();
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
    {
      throw IntakeError(IntakeError::Reason::BadRequest, "Unknown kind \"" + kind.substr(0, 20) +
                        "\": dicom, image, pdf or video");
    }
    if (dicom.size() > policy_.maxFileBytes)
    {
      throw IntakeError(IntakeError::Reason::TooLarge, "This file is larger than the " +
                        std::to_string(policy_.maxFileBytes / (1024 * 1024)) + " MB a file may have.");
    }
    std::unique_ptr<DcmFileFormat> file;
    try
    {
      file = Core::DicomBuffer::Read(dicom.data(), dicom.size());
    }
    catch (const Core::DicomInputError& e)
    {
      throw IntakeError(IntakeError::Reason::NotDicom, std::string("This is not a readable DICOM file: ") + e.what());
    }
    const Core::InstanceIdentity identity = Core::InstanceIdentity::Of(*file);
    file.reset();
    if (identity.sopInstanceUid.empty())
    {
      throw IntakeError(IntakeError::Reason::NotDicom, "This DICOM file has no SOP Instance UID");
    }
    if (auto existing = store_.Invites().FindInstance(invite.id, identity.sopInstanceUid))
    {
      return Received{identity.sopInstanceUid, true, existing->uploadId};
    }

    const std::shared_ptr<const InviteEngine> engine = EngineOf(invite);
    if (identity.patientIdentityRemoved != "YES" || identity.deidentificationMethod != engine->methodText)
    {
      throw IntakeError(IntakeError::Reason::NoStamp,
                        "This file was not de-identified by this page for this invite, so it is refused. Reload "
                        "the invite link and send it again.");
    }
    if (kind != "dicom" && kind != identity.Kind())
    {
      throw IntakeError(IntakeError::Reason::BadRequest, "This file was sent as " + KindInWords(kind) +
                        " but is not one (its SOP class says otherwise).");
    }
    if (std::find(invite.allowedKinds.begin(), invite.allowedKinds.end(), kind) == invite.allowedKinds.end())
    {
      throw IntakeError(IntakeError::Reason::KindNotAllowed, KindInWords(kind) + " are not accepted by this invite.");
    }
    CheckFileLimits(invite, dicom.size());

    // The second pass: the same profile, the invite's key. Its output is all that is stored.
    Core::AnonymizationContext context;
    context.metadata = MetadataTexts(invite.metadata);
    Core::AnonymizationReport report;
    std::string anonymized;
    try
    {
      anonymized = engine->anonymizer.AnonymizeBuffer(dicom.data(), dicom.size(), context, report);
    }
    catch (const Core::LeakError& e)
    {
      throw IntakeError(IntakeError::Reason::RefusedByProfile,
                        std::string("The server's check refused this file: ") + e.what());
    }
    catch (const Core::DicomInputError& e)
    {
      throw IntakeError(IntakeError::Reason::RefusedByProfile, std::string("The profile refuses this file: ") + e.what());
    }
    catch (const Core::AnonymizationError& e)
    {
      throw IntakeError(IntakeError::Reason::RefusedByProfile, std::string("The profile refuses this file: ") + e.what());
    }

    if (invite.maxStudies != 0 && invite.studies >= invite.maxStudies &&
        !store_.Invites().HasStudy(invite.id, report.newStudyInstanceUid))
    {
      throw IntakeError(IntakeError::Reason::Exhausted, "This invite accepts " + std::to_string(invite.maxStudies) +
                        " studies and has them all: this file belongs to another one.");
    }

    // The open upload (made by the first instance), then the instance itself.
    std::string uploadId;
    store_.Transaction([&](StoreSession& session)
    {
      if (auto open = session.Invites().OpenUpload(invite.id))
      {
        uploadId = open->id;
        return;
      }
      UploadRecord upload;
      upload.id = "upl_" + Core::RandomHex(8);
      upload.inviteId = invite.id;
      upload.createdAt = upload.updatedAt = now_();
      session.Invites().CreateUpload(upload);
      uploadId = upload.id;
    });

    const StoredInstance stored = orthanc_.StoreInstance(anonymized);
    const bool created = (stored.status == "Success");
    bool recorded = false;
    try
    {
      orthanc_.SetMetadata(ResourceLevel::Instance, stored.id, std::to_string(MetadataIndex::Invite), invite.id);
      orthanc_.SetMetadata(ResourceLevel::Instance, stored.id, std::to_string(MetadataIndex::Upload), uploadId);
      store_.Transaction([&](StoreSession& session)
      {
        InviteRecord now;
        if (!session.Invites().Get(invite.id, now) || now.revokedAt != 0)
        {
          throw IntakeError(IntakeError::Reason::Revoked,
                            "This invite link was withdrawn by the people who sent it. Ask them for a new one.");
        }
        CheckFileLimits(now, dicom.size());  // other uploads of the invite may have used it meanwhile
        UploadedInstance instance;
        instance.inviteId = invite.id;
        instance.uploadId = uploadId;
        instance.receivedSopInstanceUid = identity.sopInstanceUid;
        instance.storedSopInstanceUid = report.newSopInstanceUid;
        instance.orthancId = stored.id;
        instance.study = stored.parentStudy;
        instance.studyInstanceUid = report.newStudyInstanceUid;
        instance.kind = kind;
        instance.bytes = dicom.size();
        instance.receivedAt = now_();
        recorded = session.Invites().RecordInstance(instance);
      });
    }
    catch (...)
    {
      if (created)
      {
        try
        {
          orthanc_.Delete(ResourceLevel::Instance, stored.id);  // nothing half-stored
        }
        catch (...)
        {
        }
      }
      throw;
    }
    return Received{identity.sopInstanceUid, !recorded, uploadId};
  }
}
