#pragma once

#include "Store/DeliveryRecord.h"
#include "Store/InviteRecord.h"
#include "Store/JobAuditStore.h"

#include <json/value.h>

#include <string>

// The "data" of each webhook event. Never an original name, ID, date or UID: the anonymized study's UID, the
// destination, counts, the profile, the key's public fingerprint and the job's metadata (CourseId...), which the
// operator chose. Orthanc IDs of source resources (hashes of original identifiers) are masked out of texts.
namespace Ratatoskr::Delivery::EventPayloads
{
  // What the payloads say about the job that produced the study (its audit entry, when there is one).
  struct CaseContext
  {
    const JobRecord* job = nullptr;
    const InviteRecord* invite = nullptr;   // the invite whose upload the study came from, if any
    std::string keyId;
    std::string viewerUrlTemplate;  // "https://pacs/viewer?StudyInstanceUIDs={StudyInstanceUID}", or ""
  };

  Json::Value CaseDelivered(const DeliveryRecord& delivery, const CaseContext& context);
  Json::Value CaseDeliveryFailed(const DeliveryRecord& delivery, const CaseContext& context);
  Json::Value JobFailed(const JobRecord& job, const std::string& keyId);
  Json::Value Ping(const std::string& webhook);

  // The viewer URL of a delivered study: {StudyInstanceUID} and {DeliveryId} replaced, percent-encoded.
  std::string ViewerUrl(const std::string& pattern, const std::string& studyInstanceUid, const std::string& deliveryId);

  // `text` with every Orthanc ID (five groups of 8 hex digits) replaced by "<id>".
  std::string MaskOrthancIds(const std::string& text);

  // The envelope of Standard Webhooks: {"type", "timestamp" (ISO 8601, UTC), "data"}, as compact JSON: the
  // exact bytes that are stored, signed and sent.
  std::string Envelope(const std::string& type, std::int64_t milliseconds, const Json::Value& data);
}
