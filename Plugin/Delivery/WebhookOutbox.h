#pragma once

#include "Delivery/WebhookTarget.h"
#include "Orthanc/HttpClient.h"
#include "Store/Store.h"

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace Ratatoskr::Delivery
{
  // The durable outbox of webhook events (Standard Webhooks): an event is written to the store, in the
  // caller's transaction, before any attempt; Round() sends what is due, one attempt each, and writes the
  // outcome. It survives restarts and kills: an entry claimed by a worker that died is taken again when
  // its lease ends (the receiver may then see a repeat, with the same webhook-id: it deduplicates).
  class WebhookOutbox
  {
  public:
    using Clock = std::function<StoreTime()>;

    WebhookOutbox(Store& store, const HttpClient& http, std::map<std::string, WebhookTarget> targets, Clock clock);

    // Writes `type` for each of `webhooks` (every configured one when empty) that wants it; returns the ids
    // written. `orderingKey`: events of one key go out to one webhook in the order they were written.
    std::vector<std::string> Enqueue(StoreSession& session, const std::vector<std::string>& webhooks,
                                     const std::string& type, const Json::Value& data,
                                     const std::string& orderingKey, StoreTime now) const;
    // The same for one webhook only (POST /ratatoskr/webhooks/{name}/test sends a ping to it).
    std::string EnqueueFor(StoreSession& session, const std::string& webhook, const std::string& type,
                           const Json::Value& data, const std::string& orderingKey, StoreTime now) const;

    // Sends the due entries; returns how long the worker may sleep.
    std::chrono::milliseconds Round();

    // Admin: a failed, disabled or pending entry is sent again now (its attempts start over).
    bool Retry(const std::string& id);
    // Admin: a webhook disabled by a 410 receives again; its held entries are sent. Returns how many.
    unsigned int Enable(const std::string& webhook);
    bool IsDisabled(const std::string& webhook) const;

    const std::map<std::string, WebhookTarget>& Targets() const { return targets_; }

    void SetWake(std::function<void()> wake) { wake_ = std::move(wake); }

  private:
    static std::string DisabledKey(const std::string& webhook) { return "Webhook." + webhook + ".Disabled"; }
    bool IsDisabled(StoreSession& session, const std::string& webhook) const;

    Store& store_;
    const HttpClient& http_;
    std::map<std::string, WebhookTarget> targets_;
    Clock clock_;
    std::function<void()> wake_;
  };
}
