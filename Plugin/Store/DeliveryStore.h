#pragma once

#include "Store/DeliveryRecord.h"

#include <string>
#include <vector>

namespace Ratatoskr
{
  // The durable deliveries, driven by the plugin's worker (never by an Orthanc job that waits).
  class DeliveryStore
  {
  public:
    virtual ~DeliveryStore() = default;

    // Stores a new delivery with its expected instances and batches; `sequence`, `instanceCount` and
    // `confirmedCount` are the store's. StoreError(Constraint) if the id exists.
    virtual void Create(const DeliveryRecord& delivery) = 0;

    // Everything, instances and batches included.
    virtual bool Get(const std::string& id, DeliveryRecord& delivery) = 0;

    virtual std::vector<DeliverySummary> List(const DeliveryFilter& filter) = 0;

    virtual unsigned int Count(DeliveryState state) = 0;

    // How many deliveries are in each state and when the oldest unfinished one was created (for the
    // metrics, read every few seconds: a few cheap aggregate queries, no records loaded).
    virtual DeliveryStatistics Statistics() = 0;

    // Writes what changes during a delivery: state, attempts, next attempt, updatedAt, verification,
    // last error, the `confirmed` flag of each expected instance, and the batches (replaced by those
    // given). The expected set itself is fixed at creation. Returns false if there is no such delivery.
    virtual bool Update(const DeliveryRecord& delivery) = 0;

    // The deliveries due at `now` (Pending, Sending or Verifying with nextAttemptAt <= now), the longest
    // due first, then by creation; at most `limit`. Each one returned gets nextAttemptAt = `leaseUntil`
    // in the same transaction, so another worker (a thread, or another Orthanc on the same database)
    // does not take it too, and one that dies leaves it to be taken again once the lease has passed.
    virtual std::vector<DeliveryRecord> ClaimDue(StoreTime now, StoreTime leaseUntil, unsigned int limit) = 0;

    // Ends every lease still running at `now` (Update ends one too), making that work due when it was before
    // its claim. Only when no other worker can hold one: at the start of the only Orthanc of a database
    // (SQLite), so that work a killed Orthanc had claimed goes on at once instead of after its lease.
    // Returns how many were released.
    virtual unsigned int ReleaseClaims(StoreTime now) = 0;
  };
}
