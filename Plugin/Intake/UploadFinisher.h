#pragma once

#include "Store/Store.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace Ratatoskr::Delivery
{
  class DeliveryService;
  class WebhookOutbox;
}

namespace Ratatoskr::Intake
{
  // Closes an invite's open upload: one delivery per study it stored (to the invite's destination), the
  // upload Finished and an upload.completed event, all in one transaction; then the delivery worker wakes.
  class UploadFinisher
  {
  public:
    using Now = std::function<StoreTime()>;

    // `destinationWebhooks`: the webhooks of each destination ("Ratatoskr.Destinations.<name>.Webhooks").
    UploadFinisher(Store& store, const Delivery::DeliveryService& deliveries, const Delivery::WebhookOutbox& outbox,
                   std::map<std::string, std::vector<std::string>> destinationWebhooks, Now now);

    // The invite's open upload, finished. Finishing again (a page that retries) answers the last finished
    // upload. Throws IntakeError(NothingToFinish) when the invite has received nothing yet.
    UploadRecord Finish(const InviteRecord& invite) const;

    // Finishes every open upload idle since before `idleSince`; returns how many. Never throws.
    unsigned int FinishIdle(StoreTime idleSince, const std::function<void(const std::string&)>& log) const;

  private:
    UploadRecord FinishUpload(const InviteRecord& invite, UploadRecord upload) const;

    Store& store_;
    const Delivery::DeliveryService& deliveries_;
    const Delivery::WebhookOutbox& outbox_;
    std::map<std::string, std::vector<std::string>> destinationWebhooks_;
    Now now_;
  };

  // The data of an upload.completed event (README, "Webhooks"): no patient data.
  Json::Value UploadCompletedEvent(const InviteRecord& invite, const UploadRecord& upload,
                                   const std::vector<std::string>& studyInstanceUids);
}
