#include "Intake/UploadFinisher.h"

#include "Delivery/DeliveryError.h"
#include "Delivery/DeliveryService.h"
#include "Delivery/TimeText.h"
#include "Delivery/WebhookEventType.h"
#include "Delivery/WebhookOutbox.h"
#include "Intake/IntakeError.h"

namespace Ratatoskr::Intake
{
  UploadFinisher::UploadFinisher(Store& store, const Delivery::DeliveryService& deliveries,
                                 const Delivery::WebhookOutbox& outbox,
                                 std::map<std::string, std::vector<std::string>> destinationWebhooks, Now now)
    : store_(store), deliveries_(deliveries), outbox_(outbox), destinationWebhooks_(std::move(destinationWebhooks)),
      now_(std::move(now))
  {
  }

  UploadRecord UploadFinisher::Finish(const InviteRecord& invite) const
  {
    if (auto open = store_.Invites().OpenUpload(invite.id))
    {
      return FinishUpload(invite, *open);
    }
    std::vector<UploadRecord> uploads = store_.Invites().ListUploads(invite.id);
    if (!uploads.empty())
    {
      return uploads.back();
    }
    throw IntakeError(IntakeError::Reason::NothingToFinish, "Nothing was received yet: add files first.");
  }

  unsigned int UploadFinisher::FinishIdle(StoreTime idleSince, const std::function<void(const std::string&)>& log) const
  {
    unsigned int finished = 0;
    try
    {
      for (const UploadRecord& upload : store_.Invites().IdleUploads(idleSince))
      {
        try
        {
          InviteRecord invite;
          if (store_.Invites().Get(upload.inviteId, invite))
          {
            FinishUpload(invite, upload);
            finished++;
          }
        }
        catch (const std::exception& e)
        {
          log("Ratatoskr: the idle upload " + upload.id + " could not be finished: " + e.what());
        }
        catch (...)
        {
          log("Ratatoskr: the idle upload " + upload.id + " could not be finished (unknown error)");
        }
      }
    }
    catch (const std::exception& e)
    {
      log(std::string("Ratatoskr: idle uploads could not be read: ") + e.what());
    }
    catch (...)
    {
      log("Ratatoskr: idle uploads could not be read (unknown error)");
    }
    return finished;
  }

  UploadRecord UploadFinisher::FinishUpload(const InviteRecord& invite, UploadRecord upload) const
  {
    // Prepared outside the transaction: it reads every instance's tags from Orthanc.
    std::vector<DeliveryRecord> prepared;
    std::vector<std::string> studyUids;
    std::string error;
    for (const std::string& study : store_.Invites().StudiesOfUpload(upload.id))
    {
      if (invite.destination.empty())
      {
        continue;
      }
      try
      {
        prepared.push_back(deliveries_.Prepare(study, invite.destination, ""));
        studyUids.push_back(prepared.back().studyInstanceUid);
      }
      catch (const Delivery::DeliveryError& e)
      {
        error += (error.empty() ? "" : "; ") + std::string(e.what());
      }
    }

    store_.Transaction([&](StoreSession& session)
    {
      UploadRecord current;
      if (!session.Invites().GetUpload(upload.id, current) || current.state != UploadState::Open)
      {
        upload = current;   // finished meanwhile (the idle check and the page at once): nothing more to do
        prepared.clear();
        return;
      }
      const StoreTime now = now_();
      upload = current;
      upload.state = UploadState::Finished;
      upload.finishedAt = now;
      upload.finishError = error;
      upload.deliveries.clear();
      for (const DeliveryRecord& delivery : prepared)
      {
        session.Deliveries().Create(delivery);
        upload.deliveries.push_back(delivery.id);
      }
      session.Invites().UpdateUpload(upload);
      std::vector<std::string> webhooks;
      if (!invite.destination.empty())
      {
        auto found = destinationWebhooks_.find(invite.destination);
        if (found == destinationWebhooks_.end() || found->second.empty())
        {
          return;  // a destination without webhooks tells nobody
        }
        webhooks = found->second;
      }
      outbox_.Enqueue(session, webhooks, Delivery::WebhookEventType::UploadCompleted,
                      UploadCompletedEvent(invite, upload, studyUids), upload.id, now);
    });
    if (!prepared.empty())
    {
      deliveries_.Wake();
    }
    return upload;
  }

  Json::Value UploadCompletedEvent(const InviteRecord& invite, const UploadRecord& upload,
                                   const std::vector<std::string>& studyInstanceUids)
  {
    Json::Value data;
    data["InviteId"] = invite.id;
    data["UploadId"] = upload.id;
    data["Metadata"] = invite.metadata;
    data["Profile"] = invite.profile;
    data["Destination"] = invite.destination.empty() ? Json::Value(Json::nullValue) : Json::Value(invite.destination);
    data["Files"] = Json::UInt64(upload.files);
    data["Bytes"] = Json::UInt64(upload.bytes);
    data["FinishedAt"] = Delivery::FormatMilliseconds(upload.finishedAt);
    Json::Value studies(Json::arrayValue);
    for (const std::string& uid : studyInstanceUids)
    {
      studies.append(uid);
    }
    data["StudyInstanceUIDs"] = studies;
    Json::Value deliveries(Json::arrayValue);
    for (const std::string& id : upload.deliveries)
    {
      deliveries.append(id);
    }
    data["Deliveries"] = deliveries;
    data["Error"] = upload.finishError.empty() ? Json::Value(Json::nullValue) : Json::Value(upload.finishError);
    return data;
  }
}
