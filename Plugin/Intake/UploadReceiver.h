#pragma once

#include "Intake/InvitePolicy.h"
#include "Orthanc/OrthancGateway.h"
#include "Store/Store.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace Ratatoskr::Core
{
  class Anonymizer;
  class ProfileRegistry;
  class Pseudonymizer;
}

namespace Ratatoskr::Intake
{
  // Takes one instance of an invite's upload, as the collaborator's page sent it, and trusts none of it:
  // it must parse, carry the stamp the page's engine writes for the invite's profile and key, be of an
  // allowed kind and within the limits; then the server anonymizes it again with that profile and key and
  // stores only that output (so a modified page cannot smuggle an attribute past the profile).
  class UploadReceiver
  {
  public:
    using Now = std::function<StoreTime()>;

    UploadReceiver(Store& store, const OrthancGateway& orthanc, const Core::ProfileRegistry& profiles,
                   std::string uidRoot, InvitePolicy policy, Now now);
    ~UploadReceiver();

    struct Received
    {
      std::string sopInstanceUid;  // as received
      bool alreadyStored = false;
      std::string uploadId;
    };

    // `kind`: what the page made the instance from ("dicom" for a DICOM file the collaborator dropped;
    // "image", "pdf", "video" for a converted one, whose SOP class must then agree).
    // Throws IntakeError (TooLarge, Exhausted, NotDicom, NoStamp, KindNotAllowed, RefusedByProfile, Revoked),
    // GatewayError, StoreError. Idempotent per received SOP Instance UID.
    Received Receive(const InviteRecord& invite, const std::string& dicom, const std::string& kind = "dicom") const;

    // Which of these received SOP Instance UIDs the invite already has (at most `MaxHaveQuery`).
    std::vector<std::string> Have(const InviteRecord& invite, const std::vector<std::string>& uids) const;
    static constexpr size_t MaxHaveQuery = 10000;

    // The engine configuration the page needs (resolved profile, the invite's key, UID root, KeyId).
    struct EngineSettings
    {
      std::string profileName;
      std::string secret;
      std::string uidRoot;
      std::string keyId;
    };
    EngineSettings EngineFor(const InviteRecord& invite) const;

    std::optional<UploadRecord> OpenUploadOf(const InviteRecord& invite) const;

  private:
    struct InviteEngine;
    std::shared_ptr<const InviteEngine> EngineOf(const InviteRecord& invite) const;

    Store& store_;
    const OrthancGateway& orthanc_;
    const Core::ProfileRegistry& profiles_;
    std::string uidRoot_;
    InvitePolicy policy_;
    Now now_;
    mutable std::mutex mutex_;
    mutable std::map<std::string, std::shared_ptr<const InviteEngine>> engines_;  // per invite ID
  };
}
