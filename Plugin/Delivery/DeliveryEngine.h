#pragma once

#include "Delivery/DeliveryStepper.h"
#include "Delivery/DestinationTarget.h"
#include "Delivery/WebhookOutbox.h"

#include <map>

namespace Ratatoskr::Delivery
{
  // Drives the deliveries of the store: each round claims the due ones (with a lease, so that a second
  // worker or an Orthanc of the same database does not take them too), moves each one step, and writes
  // the new state together with the webhook events it ends in, in one transaction. Nothing here waits on
  // an Orthanc job: STOW jobs are polled on later rounds.
  class DeliveryEngine
  {
  public:
    DeliveryEngine(Store& store, const OrthancGateway& orthanc, const WebhookOutbox& outbox,
                   std::map<std::string, DestinationTarget> destinations, std::string keyId,
                   WebhookOutbox::Clock clock, DeliveryStepper::Jitter jitter);

    std::chrono::milliseconds Round();

    const std::map<std::string, DestinationTarget>& Destinations() const { return destinations_; }
    StoreTime Now() const { return clock_(); }

    // The events of a delivery's end, in the caller's transaction (also used by admin actions).
    void EmitEvent(StoreSession& session, const DeliveryRecord& delivery, DeliveryEvent event, StoreTime now) const;

  private:
    void Advance(DeliveryRecord delivery, StoreTime now);

    Store& store_;
    const OrthancGateway& orthanc_;
    const WebhookOutbox& outbox_;
    std::map<std::string, DestinationTarget> destinations_;
    std::string keyId_;
    WebhookOutbox::Clock clock_;
    DeliveryStepper stepper_;
  };
}
