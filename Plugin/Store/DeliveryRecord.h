#pragma once

#include "Store/StoreTime.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace Ratatoskr
{
  // A delivery brings one anonymized study to one destination (a DICOMweb server); the plugin's worker
  // drives it through these states. Only a delivery verified on the destination is Delivered.
  enum class DeliveryState
  {
    Pending,    // created, nothing sent yet (or waiting for its next attempt)
    Sending,    // STOW batches posted or to post
    Verifying,  // batches done: comparing the destination's SOP Instance UIDs with the expected set
    Delivered,  // verified: the destination holds every expected instance
    Failed,     // gave up after the last attempt (an admin may retry)
    Canceled    // stopped by an admin
  };

  // One STOW-RS request of a delivery: a fresh asynchronous job of the DICOMweb plugin, never resubmitted.
  enum class BatchState
  {
    Pending,  // not posted yet
    Sending,  // STOW job posted, polled until it ends
    Sent,     // the STOW job succeeded (arrival is still verified on the destination)
    Failed,   // the STOW job failed; its reason is in `error`
    Unknown   // the STOW job vanished (restart, history eviction): outcome unknown, verify
  };

  // An instance the destination must hold at the end: the anonymized SOP Instance UID (not patient data)
  // and the Orthanc ID it is sent from.
  struct ExpectedInstance
  {
    std::string sopInstanceUid;
    std::string orthancId;
    bool confirmed = false;  // found on the destination at the last verification
  };

  struct DeliveryBatch
  {
    unsigned int number = 0;             // 0, 1, ... within its delivery, in the order they were made
    BatchState state = BatchState::Pending;
    std::string stowJobId;               // the DICOMweb plugin's job, empty before it is posted
    std::vector<std::string> instances;  // Orthanc IDs of the instances it sends
    std::string error;                   // the destination's reason when Failed (HTTP status, description)
  };

  // What lists show of a delivery: everything but its instances and batches.
  struct DeliverySummary
  {
    std::string id;
    std::int64_t sequence = 0;     // creation order, assigned by the store
    std::string study;             // Orthanc ID of the anonymized study
    std::string studyInstanceUid;  // its StudyInstanceUID (anonymized)
    std::string destination;       // name in the "Destinations" configuration
    std::string jobId;             // the anonymization job that created it, empty otherwise
    DeliveryState state = DeliveryState::Pending;
    unsigned int attempts = 0;
    StoreTime nextAttemptAt = 0;   // due when <= now (see DeliveryStore::ClaimDue)
    StoreTime createdAt = 0;
    StoreTime updatedAt = 0;
    StoreTime verifiedAt = 0;      // last verification on the destination, 0 if none yet
    StoreTime attemptsSince = 0;   // MaxAge counts from here: the creation, or an admin's retry
    unsigned int remoteInstanceCount = 0;  // instances of the study the destination held then
    std::string lastError;         // in words, without patient data
    unsigned int instanceCount = 0;  // size of the expected set (filled by the store on reads)
    unsigned int confirmedCount = 0; // expected instances confirmed on the destination (idem)
  };

  struct DeliveryRecord : DeliverySummary
  {
    std::vector<ExpectedInstance> instances;  // the expected SOP Instance UID set, fixed at creation
    std::vector<DeliveryBatch> batches;
  };

  // Filters of DeliveryStore::List: newest first.
  struct DeliveryFilter
  {
    std::optional<DeliveryState> state;
    std::string jobId;        // "" = any; else the deliveries that job created
    unsigned int limit = 100;
    unsigned int offset = 0;  // entries skipped (the `since` of the REST lists, as in GET /ratatoskr/jobs)
  };

  // The numbers the metrics show of the deliveries (DeliveryStore::Statistics).
  struct DeliveryStatistics
  {
    std::map<DeliveryState, unsigned int> count;  // deliveries per state; a state without any may be absent
    StoreTime oldestUnfinishedCreatedAt = 0;      // creation of the oldest Pending, Sending or Verifying one; 0 if none

    unsigned int Count(DeliveryState state) const;
    unsigned int Unfinished() const;  // Pending + Sending + Verifying: not yet at the destination, still tried
  };

  const char* ToString(DeliveryState state);
  bool Parse(const std::string& text, DeliveryState& state);
  const char* ToString(BatchState state);
  bool Parse(const std::string& text, BatchState& state);
}
