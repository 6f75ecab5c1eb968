#include "Rest/InviteRoutes.h"

#include "Application.h"
#include "Delivery/DeliveryService.h"
#include "Delivery/TimeText.h"
#include "Intake/IntakeError.h"
#include "Intake/InviteService.h"
#include "Intake/UploadFinisher.h"
#include "Orthanc/RestRouter.h"

namespace Ratatoskr
{
  namespace
  {
    Json::Value DescribeWebhookEvents(Store& store, const std::string& orderingKey)
    {
      OutboxFilter filter;
      filter.orderingKey = orderingKey;
      filter.limit = 50;
      Json::Value events(Json::arrayValue);
      for (const OutboxEntry& e : store.Outbox().List(filter))
      {
        Json::Value j;
        j["ID"] = e.id;
        j["Webhook"] = e.webhook;
        j["Event"] = e.eventType;
        j["State"] = ToString(e.state);
        j["Attempts"] = e.attempts;
        j["LastHttpStatus"] = e.lastHttpStatus == 0 ? Json::Value(Json::nullValue) : Json::Value(e.lastHttpStatus);
        j["LastError"] = e.lastError.empty() ? Json::Value(Json::nullValue) : Json::Value(e.lastError);
        events.append(j);
      }
      return events;
    }

    // An upload as the admin follows it: its files, then each delivery and the webhook events.
    Json::Value DescribeUpload(Store& store, const UploadRecord& upload)
    {
      Json::Value j;
      j["ID"] = upload.id;
      j["State"] = ToString(upload.state);
      j["Files"] = Json::UInt64(upload.files);
      j["Bytes"] = Json::UInt64(upload.bytes);
      j["CreatedAt"] = Delivery::FormatMilliseconds(upload.createdAt);
      j["LastFileAt"] = Delivery::FormatMilliseconds(upload.updatedAt);
      j["FinishedAt"] = Delivery::JsonTime(upload.finishedAt);
      Json::Value studies(Json::arrayValue);
      for (const std::string& study : store.Invites().StudiesOfUpload(upload.id))
      {
        studies.append(study);
      }
      j["Studies"] = studies;
      Json::Value deliveries(Json::arrayValue);
      for (const std::string& id : upload.deliveries)
      {
        DeliveryRecord d;
        if (store.Deliveries().Get(id, d))
        {
          Json::Value delivery = Delivery::DescribeDelivery(d);
          delivery["Webhooks"] = DescribeWebhookEvents(store, d.id);
          deliveries.append(delivery);
        }
      }
      j["Deliveries"] = deliveries;
      j["Webhooks"] = DescribeWebhookEvents(store, upload.id);  // upload.completed
      j["Error"] = upload.finishError.empty() ? Json::Value(Json::nullValue) : Json::Value(upload.finishError);
      return j;
    }

    Json::Value DescribeInviteInFull(Application& app, const InviteRecord& invite)
    {
      Json::Value j = Intake::DescribeInvite(invite, app.invites->NowTime());
      Json::Value uploads(Json::arrayValue);
      for (const UploadRecord& upload : app.store->Invites().ListUploads(invite.id))
      {
        uploads.append(DescribeUpload(*app.store, upload));
      }
      j["Uploads"] = uploads;
      return j;
    }
  }

  void RegisterInviteRoutes(RestRouter& router, Application& app)
  {
    router.Add(HttpMethod::Post, "/ratatoskr/invites", [&app](const RestRequest& r, RestResponse& out)
    {
      Json::Value body = r.JsonBody({"Profile", "Destination", "Metadata", "ExpiresInHours", "MaxStudies", "MaxFiles",
                                     "MaxBytes", "AllowedKinds", "Note"});
      if (!body.isMember("Destination") && app.configuration.destinations.size() == 1)
      {
        body["Destination"] = app.configuration.destinations.begin()->first;
      }
      const Intake::InviteSpec spec = Intake::ParseInviteSpec(body, app.invites->Policy(),
                                                              app.configuration.defaultProfile);
      const Intake::InviteService::Created created = app.invites->Create(spec);
      Json::Value answer = Intake::DescribeInvite(created.invite, app.invites->NowTime());
      answer["Url"] = created.url;   // the only time the link's secret is shown
      out.AnswerJson(answer);
    });

    router.Add(HttpMethod::Get, "/ratatoskr/invites", [&app](const RestRequest&, RestResponse& out)
    {
      Json::Value answer(Json::arrayValue);
      const StoreTime now = app.invites->NowTime();
      for (const InviteRecord& invite : app.invites->List())
      {
        Json::Value j = Intake::DescribeInvite(invite, now);
        j["Uploads"] = static_cast<Json::UInt>(app.store->Invites().ListUploads(invite.id).size());
        answer.append(j);
      }
      out.AnswerJson(answer);
    });

    router.Add(HttpMethod::Get, "/ratatoskr/invites/([^/]+)", [&app](const RestRequest& r, RestResponse& out)
    {
      out.AnswerJson(DescribeInviteInFull(app, app.invites->Get(r.groups.at(0))));
    });

    router.Add(HttpMethod::Delete, "/ratatoskr/invites/([^/]+)", [&app](const RestRequest& r, RestResponse& out)
    {
      out.AnswerJson(DescribeInviteInFull(app, app.invites->Revoke(r.groups.at(0))));
    });

    router.Add(HttpMethod::Post, "/ratatoskr/invites/([^/]+)/extend", [&app](const RestRequest& r, RestResponse& out)
    {
      const Json::Value body = r.JsonBody({"ExpiresInHours"});
      const Json::Value& hours = body["ExpiresInHours"];
      if (!hours.isUInt() || hours.asUInt() == 0)
      {
        throw HttpError(400, "\"ExpiresInHours\" (a positive integer) is required");
      }
      out.AnswerJson(DescribeInviteInFull(app, app.invites->Extend(r.groups.at(0), hours.asUInt())));
    });

    router.Add(HttpMethod::Post, "/ratatoskr/invites/([^/]+)/finish", [&app](const RestRequest& r, RestResponse& out)
    {
      r.JsonBody({});
      const InviteRecord invite = app.invites->Get(r.groups.at(0));
      app.finisher->Finish(invite);
      out.AnswerJson(DescribeInviteInFull(app, app.invites->Get(invite.id)));
    });
  }
}
