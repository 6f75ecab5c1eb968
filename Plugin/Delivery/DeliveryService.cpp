#include "Delivery/DeliveryService.h"

#include "Core/DeidentificationMarker.h"
#include "Core/RandomBytes.h"
#include "Delivery/DeliveryError.h"
#include "Delivery/TimeText.h"

namespace Ratatoskr::Delivery
{
  namespace
  {
    const char* const ResultJobMetadata = "4402";  // MetadataIndex::ResultJob, on the anonymized study
  }

  DeliveryService::DeliveryService(Store& store, const OrthancGateway& orthanc, const DeliveryEngine& engine)
    : store_(store), orthanc_(orthanc), engine_(engine)
  {
  }

  DeliveryRecord DeliveryService::Prepare(const std::string& study, const std::string& destination,
                                          const std::string& jobId) const
  {
    if (engine_.Destinations().count(destination) == 0)
    {
      throw DeliveryError(DeliveryError::Kind::UnknownDestination, "Unknown destination \"" + destination + "\"");
    }
    const std::optional<std::vector<std::string>> instances = orthanc_.ListInstances(ResourceLevel::Study, study);
    if (!instances || instances->empty())
    {
      throw DeliveryError(DeliveryError::Kind::UnknownStudy, "Unknown study \"" + study + "\"");
    }

    DeliveryRecord delivery;
    for (const std::string& id : *instances)
    {
      const std::optional<Json::Value> tags = orthanc_.InstanceTags(id);
      if (!tags)
      {
        throw DeliveryError(DeliveryError::Kind::UnknownStudy, "instance " + id + " of study " + study +
                            " disappeared while it was checked");
      }
      const std::string method = tags->get("DeidentificationMethod", "").asString();
      if (tags->get("PatientIdentityRemoved", "").asString() != "YES" ||
          !Core::DeidentificationMarker::IsRatatoskrMethod(method))
      {
        throw DeliveryError(DeliveryError::Kind::NotDeidentified,
                            "Study " + study + " was not produced by Ratatoskr (instance " + id + " lacks its "
                            "de-identification stamp): only studies anonymized by Ratatoskr are delivered. "
                            "Anonymize it first (POST /ratatoskr/studies/" + study + "/send)");
      }
      ExpectedInstance expected;
      expected.orthancId = id;
      expected.sopInstanceUid = tags->get("SOPInstanceUID", "").asString();
      delivery.instances.push_back(expected);
      if (delivery.studyInstanceUid.empty())
      {
        delivery.studyInstanceUid = tags->get("StudyInstanceUID", "").asString();
      }
    }

    const StoreTime now = engine_.Now();
    delivery.id = "dlv_" + Core::RandomHex(16);
    delivery.study = study;
    delivery.destination = destination;
    delivery.jobId = !jobId.empty() ? jobId
                                    : orthanc_.GetMetadata(ResourceLevel::Study, study, ResultJobMetadata).value_or("");
    delivery.state = DeliveryState::Pending;
    delivery.nextAttemptAt = now;
    delivery.createdAt = now;
    delivery.updatedAt = now;
    delivery.attemptsSince = now;
    return delivery;
  }

  DeliveryRecord DeliveryService::Deliver(const std::string& study, const std::string& destination) const
  {
    DeliveryRecord delivery = Prepare(study, destination, "");
    store_.Deliveries().Create(delivery);
    Wake();
    return delivery;
  }

  DeliveryRecord DeliveryService::Retry(const std::string& id) const
  {
    DeliveryRecord delivery;
    store_.Transaction([&](StoreSession& session)
    {
      if (!session.Deliveries().Get(id, delivery))
      {
        throw DeliveryError(DeliveryError::Kind::UnknownDelivery, "Unknown delivery \"" + id + "\"");
      }
      if (delivery.state != DeliveryState::Failed && delivery.state != DeliveryState::Canceled)
      {
        throw DeliveryError(DeliveryError::Kind::WrongState, "Delivery " + id + " is " + ToString(delivery.state) +
                            ": only a Failed or Canceled delivery can be retried");
      }
      const StoreTime now = engine_.Now();
      delivery.state = DeliveryState::Pending;
      delivery.attempts = 0;
      delivery.attemptsSince = now;
      delivery.nextAttemptAt = now;
      delivery.updatedAt = now;
      session.Deliveries().Update(delivery);
    });
    Wake();
    return delivery;
  }

  DeliveryRecord DeliveryService::Cancel(const std::string& id) const
  {
    DeliveryRecord delivery;
    store_.Transaction([&](StoreSession& session)
    {
      if (!session.Deliveries().Get(id, delivery))
      {
        throw DeliveryError(DeliveryError::Kind::UnknownDelivery, "Unknown delivery \"" + id + "\"");
      }
      if (delivery.state == DeliveryState::Delivered || delivery.state == DeliveryState::Canceled)
      {
        throw DeliveryError(DeliveryError::Kind::WrongState, "Delivery " + id + " is " + ToString(delivery.state) +
                            ": nothing to cancel");
      }
      delivery.state = DeliveryState::Canceled;
      delivery.lastError = "canceled by an admin";
      delivery.updatedAt = engine_.Now();
      session.Deliveries().Update(delivery);
    });
    for (const DeliveryBatch& batch : delivery.batches)
    {
      if (batch.state == BatchState::Sending)
      {
        orthanc_.CancelJob(batch.stowJobId);
      }
    }
    return delivery;
  }

  Json::Value DescribeDelivery(const DeliverySummary& d)
  {
    Json::Value j;
    j["ID"] = d.id;
    j["Path"] = "/ratatoskr/deliveries/" + d.id;
    j["State"] = ToString(d.state);
    j["Study"] = d.study;
    j["StudyInstanceUID"] = d.studyInstanceUid;
    j["Destination"] = d.destination;
    j["JobId"] = d.jobId;
    j["Attempts"] = d.attempts;
    j["InstanceCount"] = d.instanceCount;
    j["ConfirmedCount"] = d.confirmedCount;
    j["RemoteInstanceCount"] = d.remoteInstanceCount;
    j["CreationTime"] = JsonTime(d.createdAt);
    j["UpdateTime"] = JsonTime(d.updatedAt);
    j["VerificationTime"] = JsonTime(d.verifiedAt);
    const bool waiting = d.state == DeliveryState::Pending || d.state == DeliveryState::Sending ||
                         d.state == DeliveryState::Verifying;
    j["NextAttemptTime"] = waiting ? JsonTime(d.nextAttemptAt) : Json::Value(Json::nullValue);
    j["LastError"] = d.lastError.empty() ? Json::Value(Json::nullValue) : Json::Value(d.lastError);
    return j;
  }

  Json::Value DescribeDeliveryInFull(const DeliveryRecord& d)
  {
    Json::Value j = DescribeDelivery(d);
    j["Batches"] = Json::arrayValue;
    for (const DeliveryBatch& b : d.batches)
    {
      Json::Value batch;
      batch["Number"] = b.number;
      batch["State"] = ToString(b.state);
      batch["StowJob"] = b.stowJobId;
      batch["InstanceCount"] = static_cast<Json::UInt>(b.instances.size());
      batch["Error"] = b.error.empty() ? Json::Value(Json::nullValue) : Json::Value(b.error);
      j["Batches"].append(batch);
    }
    j["Instances"] = Json::arrayValue;
    for (const ExpectedInstance& i : d.instances)
    {
      Json::Value instance;
      instance["ID"] = i.orthancId;
      instance["SOPInstanceUID"] = i.sopInstanceUid;
      instance["Confirmed"] = i.confirmed;
      j["Instances"].append(instance);
    }
    return j;
  }
}
