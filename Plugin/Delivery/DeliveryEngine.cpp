#include "Delivery/DeliveryEngine.h"

#include "Core/Pseudonymizer.h"
#include "Delivery/EventPayloads.h"

#include <set>

namespace Ratatoskr::Delivery
{
  namespace
  {
    const unsigned int ClaimLimit = 8;
    const StoreTime Lease = 60 * 1000;        // a step takes far less; a worker that died frees it after this
    const std::chrono::milliseconds IdlePause(200);
  }

  DeliveryEngine::DeliveryEngine(Store& store, const OrthancGateway& orthanc, const WebhookOutbox& outbox,
                                 std::map<std::string, DestinationTarget> destinations, std::string keyId,
                                 WebhookOutbox::Clock clock, DeliveryStepper::Jitter jitter)
    : store_(store), orthanc_(orthanc), outbox_(outbox), destinations_(std::move(destinations)),
      keyId_(std::move(keyId)), clock_(std::move(clock)), stepper_(orthanc, std::move(jitter))
  {
  }

  std::chrono::milliseconds DeliveryEngine::Round()
  {
    const StoreTime now = clock_();
    const std::vector<DeliveryRecord> due = store_.Deliveries().ClaimDue(now, now + Lease, ClaimLimit);
    for (const DeliveryRecord& delivery : due)
    {
      Advance(delivery, now);
    }
    return due.size() == ClaimLimit ? std::chrono::milliseconds(0) : IdlePause;
  }

  void DeliveryEngine::Advance(DeliveryRecord delivery, StoreTime now)
  {
    const DeliveryRecord claimed = delivery;
    DeliveryEvent event = DeliveryEvent::None;
    auto destination = destinations_.find(delivery.destination);
    if (destination == destinations_.end())
    {
      delivery.state = DeliveryState::Failed;
      delivery.lastError = "the destination \"" + delivery.destination + "\" is no longer configured";
      event = DeliveryEvent::Failed;
    }
    else
    {
      event = stepper_.Advance(delivery, destination->second.policy, now);
    }
    delivery.updatedAt = clock_();
    bool superseded = false;
    store_.Transaction([&](StoreSession& session)
    {
      // The step ran outside any transaction: an admin may have canceled (and even retried) the delivery
      // meanwhile. Their change wins; this step's result is dropped.
      DeliveryRecord current;
      if (!session.Deliveries().Get(delivery.id, current) || current.updatedAt != claimed.updatedAt ||
          current.state != claimed.state)
      {
        superseded = true;
        return;
      }
      session.Deliveries().Update(delivery);
      EmitEvent(session, delivery, event, delivery.updatedAt);
    });
    if (superseded)
    {
      // STOW jobs the dropped step posted are known to nobody now: stop them.
      std::set<std::string> known;
      for (const DeliveryBatch& batch : claimed.batches)
      {
        known.insert(batch.stowJobId);
      }
      for (const DeliveryBatch& batch : delivery.batches)
      {
        if (batch.state == BatchState::Sending && known.count(batch.stowJobId) == 0)
        {
          orthanc_.CancelJob(batch.stowJobId);
        }
      }
    }
  }

  void DeliveryEngine::EmitEvent(StoreSession& session, const DeliveryRecord& delivery, DeliveryEvent event,
                                 StoreTime now) const
  {
    if (event == DeliveryEvent::None)
    {
      return;
    }
    JobRecord job;
    EventPayloads::CaseContext context;
    context.keyId = keyId_;
    InviteRecord invite;
    if (!delivery.jobId.empty() && session.JobAudit().Get(delivery.jobId, job))
    {
      context.job = &job;
    }
    else if (auto upload = session.Invites().UploadOfDelivery(delivery.id))
    {
      if (session.Invites().Get(upload->inviteId, invite))
      {
        context.invite = &invite;
        context.keyId = Core::Pseudonymizer(invite.key).KeyId();  // the invite's key made its pseudonyms
      }
    }
    std::vector<std::string> webhooks;
    auto destination = destinations_.find(delivery.destination);
    if (destination != destinations_.end())
    {
      context.viewerUrlTemplate = destination->second.viewerUrl;
      webhooks = destination->second.webhooks;
    }
    if (webhooks.empty())
    {
      return;  // a destination without webhooks tells nobody
    }
    if (event == DeliveryEvent::Delivered)
    {
      outbox_.Enqueue(session, webhooks, "case.delivered", EventPayloads::CaseDelivered(delivery, context),
                      delivery.id, now);
    }
    else
    {
      outbox_.Enqueue(session, webhooks, "case.delivery_failed", EventPayloads::CaseDeliveryFailed(delivery, context),
                      delivery.id, now);
    }
  }
}
