#include "Delivery/DeliveryStepper.h"

#include "Delivery/BatchPlan.h"
#include "Delivery/RemoteInstanceSet.h"
#include "Delivery/StowOutcome.h"

#include <set>

namespace Ratatoskr::Delivery
{
  namespace
  {
    // Thrown when a delivery cannot go on at all (its instances are no longer in Orthanc).
    class Unrecoverable : public std::runtime_error
    {
    public:
      using std::runtime_error::runtime_error;
    };

    bool IsOpen(const DeliveryBatch& batch)
    {
      return batch.state == BatchState::Pending || batch.state == BatchState::Sending;
    }
  }

  DeliveryEvent DeliveryStepper::Advance(DeliveryRecord& delivery, const DeliveryPolicy& policy,
                                         StoreTime now) const
  {
    try
    {
      switch (delivery.state)
      {
        case DeliveryState::Pending:
          StartAttempt(delivery, policy, now);
          [[fallthrough]];
        case DeliveryState::Sending:
          if (PollAndPost(delivery, policy))
          {
            delivery.nextAttemptAt = now + policy.pollInterval;
            return DeliveryEvent::None;
          }
          delivery.state = DeliveryState::Verifying;
          [[fallthrough]];
        case DeliveryState::Verifying:
          return Verify(delivery, policy, now);
        case DeliveryState::Delivered:
        case DeliveryState::Failed:
        case DeliveryState::Canceled:
          break;
      }
    }
    catch (const Unrecoverable& e)
    {
      delivery.state = DeliveryState::Failed;
      delivery.lastError = e.what();
      return DeliveryEvent::Failed;
    }
    return DeliveryEvent::None;
  }

  void DeliveryStepper::StartAttempt(DeliveryRecord& delivery, const DeliveryPolicy& policy, StoreTime now) const
  {
    delivery.attempts++;
    delivery.state = DeliveryState::Sending;
    for (const DeliveryBatch& batch : delivery.batches)
    {
      if (IsOpen(batch))
      {
        return;  // an attempt interrupted before its batches were all posted: go on with them
      }
    }
    if (!delivery.batches.empty())
    {
      // A later attempt (a retry, or the admin's): what the destination holds may have changed since the last
      // check, which may not even have been possible (server down, refused credentials). Ask it first, so that
      // only what is missing goes out again; if it cannot be asked, the last known set stands.
      try
      {
        CheckDestination(delivery, policy, now);
      }
      catch (const std::exception&)  // GatewayError, RemoteAnswerError: the attempt's own check will say why
      {
      }
    }

    std::vector<const ExpectedInstance*> missing;
    std::vector<std::uint64_t> sizes;
    for (const ExpectedInstance& instance : delivery.instances)
    {
      if (!instance.confirmed)
      {
        const std::optional<std::uint64_t> size = orthanc_.InstanceFileSize(instance.orthancId);
        if (!size)
        {
          throw Unrecoverable("instance " + instance.orthancId + " of the anonymized study is no longer in "
                              "Orthanc: anonymize the study again, then deliver it");
        }
        missing.push_back(&instance);
        sizes.push_back(*size);
      }
    }
    // The batches of the last attempt are done with (their reasons are in lastError): the record keeps
    // those of the current attempt only, numbered on.
    unsigned int number = delivery.batches.empty() ? 0 : delivery.batches.back().number + 1;
    delivery.batches.clear();
    for (const std::vector<size_t>& indexes : PlanBatches(sizes, policy.batchMaxInstances, policy.batchMaxBytes))
    {
      DeliveryBatch batch;
      batch.number = number++;
      for (size_t i : indexes)
      {
        batch.instances.push_back(missing[i]->orthancId);
      }
      delivery.batches.push_back(std::move(batch));
    }
  }

  bool DeliveryStepper::PollAndPost(DeliveryRecord& delivery, const DeliveryPolicy& policy) const
  {
    unsigned int inFlight = 0;
    for (DeliveryBatch& batch : delivery.batches)
    {
      if (batch.state == BatchState::Sending)
      {
        const StowOutcome outcome = InterpretStowJob(orthanc_.GetJob(batch.stowJobId));
        switch (outcome.state)
        {
          case StowState::Running: inFlight++; break;
          case StowState::Sent: batch.state = BatchState::Sent; break;
          case StowState::Unknown: batch.state = BatchState::Unknown; break;
          case StowState::Failed:
            batch.state = BatchState::Failed;
            batch.error = outcome.reason;
            break;
        }
      }
    }
    for (DeliveryBatch& batch : delivery.batches)
    {
      if (batch.state == BatchState::Pending && inFlight < std::max(1u, policy.parallelBatches))
      {
        try
        {
          batch.stowJobId = orthanc_.StartStow(policy.dicomWebServer, batch.instances);
          batch.state = BatchState::Sending;
          inFlight++;
        }
        catch (const GatewayError& e)
        {
          batch.state = BatchState::Failed;
          batch.error = e.what();
        }
      }
    }
    for (const DeliveryBatch& batch : delivery.batches)
    {
      if (IsOpen(batch))
      {
        return true;
      }
    }
    return false;
  }

  unsigned int DeliveryStepper::CheckDestination(DeliveryRecord& delivery, const DeliveryPolicy& policy,
                                                StoreTime now) const
  {
    const DicomWebAnswer answer = orthanc_.GetFromServer(
      policy.dicomWebServer, "/studies/" + delivery.studyInstanceUid + "/instances", {{"includefield", "00080018"}});
    const std::set<std::string> remote = ParseRemoteSopInstanceUids(answer.body);
    delivery.remoteInstanceCount = static_cast<unsigned int>(remote.size());
    delivery.verifiedAt = now;
    unsigned int missing = 0;
    for (ExpectedInstance& instance : delivery.instances)
    {
      instance.confirmed = remote.count(instance.sopInstanceUid) != 0;
      missing += instance.confirmed ? 0 : 1;
    }
    delivery.confirmedCount = static_cast<unsigned int>(delivery.instances.size()) - missing;
    return missing;
  }

  DeliveryEvent DeliveryStepper::Verify(DeliveryRecord& delivery, const DeliveryPolicy& policy, StoreTime now) const
  {
    std::string reason;
    try
    {
      const unsigned int missing = CheckDestination(delivery, policy, now);
      if (missing == 0)
      {
        delivery.state = DeliveryState::Delivered;
        delivery.lastError.clear();
        return DeliveryEvent::Delivered;
      }
      reason = std::to_string(missing) + " of " + std::to_string(delivery.instances.size()) +
               " instances are not on the destination";
    }
    catch (const std::exception& e)  // GatewayError, RemoteAnswerError
    {
      reason = std::string("the destination could not be checked: ") + e.what();
    }

    // The batches' own reasons say why better than a count.
    std::set<std::string> causes;
    for (const DeliveryBatch& batch : delivery.batches)
    {
      if (batch.state == BatchState::Failed && causes.insert(batch.error).second)
      {
        reason = batch.error + "; " + reason;
      }
    }
    delivery.lastError = reason;
    if (delivery.attempts >= policy.attempts || now - delivery.attemptsSince >= policy.maxAge)
    {
      delivery.state = DeliveryState::Failed;
      return DeliveryEvent::Failed;
    }
    delivery.state = DeliveryState::Pending;
    delivery.nextAttemptAt = now + RetryDelay(policy, delivery.attempts, jitter_ ? jitter_() : 0.0);
    return DeliveryEvent::None;
  }
}
