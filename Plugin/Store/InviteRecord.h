#pragma once

#include "Store/StoreTime.h"

#include <json/value.h>

#include <cstdint>
#include <string>
#include <vector>

namespace Ratatoskr
{
  // An invite: a link an operator sends to an external collaborator, who uploads a case through the public
  // page. Never patient data; `key` is the pseudonymization secret of the invite's uploads (not the
  // deployment's), `secretHash` the SHA-256 of the link's secret (the secret itself is never stored).
  struct InviteRecord
  {
    std::string id;                          // "inv_" + 16 hex
    std::string secretHash;                  // hex SHA-256 of the token's secret part
    std::string profile;                     // profile name
    std::string destination;                 // "" = stored only, not delivered
    Json::Value metadata = Json::objectValue;  // e.g. {"CourseId": ...}, carried by the webhooks
    std::string note;
    std::string key;                         // hex, the Pseudonymizer secret of this invite
    StoreTime createdAt = 0;
    StoreTime expiresAt = 0;
    StoreTime revokedAt = 0;                 // 0: not revoked
    std::uint64_t maxStudies = 0;            // 0: no limit
    std::uint64_t maxFiles = 0;
    std::uint64_t maxBytes = 0;
    std::vector<std::string> allowedKinds;   // "dicom", "image", "pdf", "video"
    // Use, kept by the store as instances are recorded (never written by Update).
    std::uint64_t files = 0;
    std::uint64_t bytes = 0;
    std::uint64_t studies = 0;               // distinct anonymized studies
  };

  enum class UploadState
  {
    Open,      // receiving instances
    Finished   // closed by the collaborator (Finish) or after the idle time; deliveries created
  };

  // The files an invite received between the first one and Finish.
  struct UploadRecord
  {
    std::string id;                          // "upl_" + 16 hex
    std::string inviteId;
    UploadState state = UploadState::Open;
    StoreTime createdAt = 0;
    StoreTime updatedAt = 0;                 // last instance received
    StoreTime finishedAt = 0;
    std::uint64_t files = 0;
    std::uint64_t bytes = 0;
    std::vector<std::string> deliveries;     // delivery IDs created by Finish
    std::string finishError;                 // why Finish could not create a delivery, in words
  };

  // One instance stored for an invite: as the browser sent it, and as the server's second pass stored it.
  struct UploadedInstance
  {
    std::string inviteId;
    std::string uploadId;
    std::string receivedSopInstanceUid;      // as the collaborator's browser wrote it
    std::string storedSopInstanceUid;        // after the server's second pass
    std::string orthancId;                   // Orthanc ID of the stored instance
    std::string study;                       // Orthanc ID of its study
    std::string studyInstanceUid;            // stored (anonymized) StudyInstanceUID
    std::string kind;                        // "dicom", "image", "pdf", "video"
    std::uint64_t bytes = 0;                 // size received
    StoreTime receivedAt = 0;
  };

  const char* ToString(UploadState state);
  bool ParseUploadState(const std::string& text, UploadState& state);
}
