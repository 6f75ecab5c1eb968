#pragma once

#include "Delivery/DeliveryEngine.h"

#include <json/value.h>

namespace Ratatoskr::Delivery
{
  // What the REST routes and the anonymization job do with deliveries.
  class DeliveryService
  {
  public:
    DeliveryService(Store& store, const OrthancGateway& orthanc, const DeliveryEngine& engine);

    // A new delivery of a stored study (Pending, due now), not yet written: the caller creates it, in the
    // transaction that ends its job when there is one. Every instance must have been produced by Ratatoskr
    // (its DeidentificationMethod stamp and PatientIdentityRemoved YES): only de-identified data leaves.
    // `jobId`: the anonymization job behind the study ("" to find it in the study's metadata 4402).
    // Throws DeliveryError.
    DeliveryRecord Prepare(const std::string& study, const std::string& destination, const std::string& jobId) const;

    // Prepare + create in a transaction of its own (POST /ratatoskr/studies/{id}/deliver).
    DeliveryRecord Deliver(const std::string& study, const std::string& destination) const;

    // A Failed or Canceled delivery goes again: only what the destination does not hold is sent; its
    // attempts count from now. Throws DeliveryError (unknown, or not failed/canceled).
    DeliveryRecord Retry(const std::string& id) const;
    // Stops a delivery that is not finished (its STOW jobs are canceled). Throws DeliveryError.
    DeliveryRecord Cancel(const std::string& id) const;

    // Wakes the worker (a delivery was created or changed).
    void SetWake(std::function<void()> wake) { wake_ = std::move(wake); }
    void Wake() const { if (wake_) wake_(); }

  private:
    Store& store_;
    const OrthancGateway& orthanc_;
    const DeliveryEngine& engine_;
    std::function<void()> wake_;
  };

  // The JSON of the REST API: a summary (lists) or everything (one delivery, its batches and instances).
  Json::Value DescribeDelivery(const DeliverySummary& delivery);
  Json::Value DescribeDeliveryInFull(const DeliveryRecord& delivery);
}
