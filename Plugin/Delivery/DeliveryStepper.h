#pragma once

#include "Delivery/DeliveryPolicy.h"
#include "Orthanc/OrthancGateway.h"
#include "Store/DeliveryRecord.h"

#include <functional>

namespace Ratatoskr::Delivery
{
  enum class DeliveryEvent { None, Delivered, Failed };

  // Moves one delivery forward by one short step (never waits): plans batches of the instances the
  // destination does not hold yet, posts them as fresh asynchronous STOW-RS jobs of the DICOMweb plugin
  // (at most `parallelBatches` at once, never resubmitting a failed one), polls them, and then verifies
  // on the destination which SOP Instance UIDs it holds. Only a verified delivery is Delivered; a round
  // that leaves instances missing is an attempt, retried with backoff until `attempts` or `maxAge`.
  // Every step leaves the record consistent, so the worker can store it, crash, and go on from it.
  class DeliveryStepper
  {
  public:
    using Jitter = std::function<double()>;  // in [-1, 1]

    DeliveryStepper(const OrthancGateway& orthanc, Jitter jitter) : orthanc_(orthanc), jitter_(std::move(jitter)) {}

    // Sets delivery.nextAttemptAt for the next step; returns the event the step ends in, if any.
    DeliveryEvent Advance(DeliveryRecord& delivery, const DeliveryPolicy& policy, StoreTime now) const;

  private:
    void StartAttempt(DeliveryRecord& delivery, const DeliveryPolicy& policy, StoreTime now) const;
    bool PollAndPost(DeliveryRecord& delivery, const DeliveryPolicy& policy) const;  // true: batches in flight
    DeliveryEvent Verify(DeliveryRecord& delivery, const DeliveryPolicy& policy, StoreTime now) const;
    // Asks the destination which of the expected SOP Instance UIDs it holds and marks them confirmed; returns
    // how many are missing. Throws GatewayError / RemoteAnswerError when it cannot be asked.
    unsigned int CheckDestination(DeliveryRecord& delivery, const DeliveryPolicy& policy, StoreTime now) const;

    const OrthancGateway& orthanc_;
    Jitter jitter_;
  };
}
