#include "Rest/DeliveryRoutes.h"

#include "Application.h"
#include "Delivery/DeliveryService.h"
#include "Delivery/EventPayloads.h"
#include "Delivery/TimeText.h"
#include "Delivery/WebhookOutbox.h"
#include "JsonIo.h"
#include "Orthanc/RestRouter.h"
#include "Rest/DeliveryWait.h"
#include "Rest/ListArguments.h"

namespace Ratatoskr
{
  namespace
  {
    template <typename State>
    std::optional<State> StateArgument(const RestRequest& r, const std::vector<std::string>& names)
    {
      if (!r.HasArgument("state"))
      {
        return std::nullopt;
      }
      State state{};
      if (!Parse(r.arguments.at("state"), state))
      {
        throw HttpError(400, "Unknown state \"" + r.arguments.at("state") + "\"", JsonIo::Array(names));
      }
      return state;
    }
  }

  Json::Value DescribeOutboxEntry(const OutboxEntry& e, bool withPayload)
  {
    Json::Value j;
    j["ID"] = e.id;
    j["Webhook"] = e.webhook;
    j["Event"] = e.eventType;
    j["State"] = ToString(e.state);
    j["Attempts"] = e.attempts;
    j["NextAttemptTime"] = e.state == OutboxState::Pending ? Delivery::JsonTime(e.nextAttemptAt) : Json::Value(Json::nullValue);
    j["LastHttpStatus"] = e.lastHttpStatus == 0 ? Json::Value(Json::nullValue) : Json::Value(e.lastHttpStatus);
    j["LastError"] = e.lastError.empty() ? Json::Value(Json::nullValue) : Json::Value(e.lastError);
    j["OrderingKey"] = e.orderingKey;
    j["CreationTime"] = Delivery::JsonTime(e.createdAt);
    j["UpdateTime"] = Delivery::JsonTime(e.updatedAt);
    if (withPayload)
    {
      Json::Value payload;
      j["Payload"] = JsonIo::Parse(e.payload, payload) ? payload : Json::Value(e.payload);
    }
    return j;
  }

  namespace
  {
    const Delivery::DeliveryService& Deliveries(const Application& app)
    {
      return *app.deliveries;
    }
  }

  void RegisterDeliveryRoutes(RestRouter& router, Application& app)
  {
    router.Add(HttpMethod::Get, "/ratatoskr/deliveries", [&app](const RestRequest& r, RestResponse& out)
    {
      DeliveryFilter filter;
      filter.state = StateArgument<DeliveryState>(r, {"Pending", "Sending", "Verifying", "Delivered", "Failed",
                                                      "Canceled"});
      const ListArguments list = ReadListArguments(r);
      filter.limit = list.limit;
      filter.offset = list.since;
      Json::Value answer = Json::arrayValue;
      for (const DeliverySummary& d : app.store->Deliveries().List(filter))
      {
        answer.append(Delivery::DescribeDelivery(d));
      }
      out.AnswerJson(answer);
    });

    router.Add(HttpMethod::Get, "/ratatoskr/deliveries/([^/]+)", [&app](const RestRequest& r, RestResponse& out)
    {
      DeliveryRecord d;
      if (!app.store->Deliveries().Get(r.groups.at(0), d))
      {
        throw HttpError(404, "Unknown delivery \"" + r.groups.at(0) + "\"");
      }
      out.AnswerJson(Delivery::DescribeDeliveryInFull(d));
    });

    router.Add(HttpMethod::Post, "/ratatoskr/deliveries/([^/]+)/retry", [&app](const RestRequest& r, RestResponse& out)
    {
      r.JsonBody({});
      out.AnswerJson(Delivery::DescribeDeliveryInFull(Deliveries(app).Retry(r.groups.at(0))));
    });

    router.Add(HttpMethod::Post, "/ratatoskr/deliveries/([^/]+)/cancel", [&app](const RestRequest& r, RestResponse& out)
    {
      r.JsonBody({});
      out.AnswerJson(Delivery::DescribeDeliveryInFull(Deliveries(app).Cancel(r.groups.at(0))));
    });

    router.Add(HttpMethod::Post, "/ratatoskr/studies/([^/]+)/deliver", [&app](const RestRequest& r, RestResponse& out)
    {
      const Json::Value body = r.JsonBody({"Destination", "Synchronous"});
      std::string destination;
      if (body.isMember("Destination"))
      {
        if (!body["Destination"].isString())
        {
          throw HttpError(400, "\"Destination\" must be a string");
        }
        destination = body["Destination"].asString();
      }
      else if (app.configuration.destinations.size() == 1)
      {
        destination = app.configuration.destinations.begin()->first;
      }
      else
      {
        throw HttpError(400, "\"Destination\" is required", JsonIo::Keys(app.configuration.destinations));
      }
      if (body.isMember("Synchronous") && !body["Synchronous"].isBool())
      {
        throw HttpError(400, "\"Synchronous\" must be true or false");
      }
      const DeliveryRecord created = Deliveries(app).Deliver(r.groups.at(0), destination);
      if (body.get("Synchronous", false).asBool())
      {
        out.AnswerJson(WaitForFirstOutcome(*app.store, created.id));
      }
      else
      {
        out.AnswerJson(Delivery::DescribeDelivery(created));
      }
    });
  }

  void RegisterWebhookRoutes(RestRouter& router, Application& app)
  {
    router.Add(HttpMethod::Get, "/ratatoskr/webhooks", [&app](const RestRequest&, RestResponse& out)
    {
      Json::Value answer = Json::arrayValue;
      for (const auto& target : app.outbox->Targets())
      {
        Json::Value w;
        w["Name"] = target.first;
        w["Url"] = target.second.url;
        w["Events"] = Json::arrayValue;
        for (const std::string& e : target.second.events)
        {
          w["Events"].append(e);
        }
        w["Disabled"] = app.outbox->IsDisabled(target.first);
        answer.append(w);
      }
      out.AnswerJson(answer);
    });

    router.Add(HttpMethod::Get, "/ratatoskr/webhooks/deliveries", [&app](const RestRequest& r, RestResponse& out)
    {
      OutboxFilter filter;
      filter.state = StateArgument<OutboxState>(r, {"Pending", "Delivered", "Failed", "Disabled"});
      filter.webhook = r.HasArgument("webhook") ? r.arguments.at("webhook") : "";
      const ListArguments list = ReadListArguments(r);
      filter.limit = list.limit;
      filter.offset = list.since;
      Json::Value answer = Json::arrayValue;
      for (const OutboxEntry& e : app.store->Outbox().List(filter))
      {
        answer.append(DescribeOutboxEntry(e, false));
      }
      out.AnswerJson(answer);
    });

    router.Add(HttpMethod::Get, "/ratatoskr/webhooks/deliveries/([^/]+)", [&app](const RestRequest& r, RestResponse& out)
    {
      OutboxEntry e;
      if (!app.store->Outbox().Get(r.groups.at(0), e))
      {
        throw HttpError(404, "Unknown webhook delivery \"" + r.groups.at(0) + "\"");
      }
      out.AnswerJson(DescribeOutboxEntry(e, true));
    });

    router.Add(HttpMethod::Post, "/ratatoskr/webhooks/deliveries/([^/]+)/retry",
               [&app](const RestRequest& r, RestResponse& out)
    {
      r.JsonBody({});
      if (!app.outbox->Retry(r.groups.at(0)))
      {
        throw HttpError(404, "Unknown webhook delivery \"" + r.groups.at(0) + "\"");
      }
      OutboxEntry e;
      app.store->Outbox().Get(r.groups.at(0), e);
      out.AnswerJson(DescribeOutboxEntry(e, false));
    });

    auto knownWebhook = [&app](const std::string& name)
    {
      if (app.outbox->Targets().count(name) == 0)
      {
        throw HttpError(404, "Unknown webhook \"" + name + "\"", JsonIo::Keys(app.outbox->Targets()));
      }
    };

    router.Add(HttpMethod::Post, "/ratatoskr/webhooks/([^/]+)/test", [&app, knownWebhook](const RestRequest& r, RestResponse& out)
    {
      r.JsonBody({});
      const std::string name = r.groups.at(0);
      knownWebhook(name);
      std::string id;
      const StoreTime now = app.deliveryEngine->Now();
      app.store->Transaction([&](StoreSession& session)
      {
        id = app.outbox->EnqueueFor(session, name, "ping", Delivery::EventPayloads::Ping(name), "", now);
      });
      OutboxEntry e;
      app.store->Outbox().Get(id, e);
      out.AnswerJson(DescribeOutboxEntry(e, false));
    });

    router.Add(HttpMethod::Post, "/ratatoskr/webhooks/([^/]+)/enable", [&app, knownWebhook](const RestRequest& r, RestResponse& out)
    {
      r.JsonBody({});
      const std::string name = r.groups.at(0);
      knownWebhook(name);
      Json::Value answer;
      answer["Webhook"] = name;
      answer["Released"] = app.outbox->Enable(name);
      answer["Disabled"] = false;
      out.AnswerJson(answer);
    });
  }
}
