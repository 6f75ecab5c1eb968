#include "Delivery/WebhookOutbox.h"

#include "Delivery/EventPayloads.h"
#include "Delivery/WebhookDispatcher.h"
#include "Delivery/WebhookSignature.h"

#include <algorithm>

namespace Ratatoskr::Delivery
{
  namespace
  {
    const unsigned int ClaimLimit = 16;
    const std::chrono::milliseconds IdlePause(250);
  }

  WebhookOutbox::WebhookOutbox(Store& store, const HttpClient& http, std::map<std::string, WebhookTarget> targets,
                               Clock clock)
    : store_(store), http_(http), targets_(std::move(targets)), clock_(std::move(clock))
  {
  }

  bool WebhookOutbox::IsDisabled(StoreSession& session, const std::string& webhook) const
  {
    std::string value;
    return session.Settings().Get(DisabledKey(webhook), value) && value == "1";
  }

  bool WebhookOutbox::IsDisabled(const std::string& webhook) const
  {
    return IsDisabled(store_, webhook);
  }

  std::string WebhookOutbox::EnqueueFor(StoreSession& session, const std::string& webhook, const std::string& type,
                                        const Json::Value& data, const std::string& orderingKey, StoreTime now) const
  {
    const WebhookTarget& target = targets_.at(webhook);
    OutboxEntry entry;
    entry.id = NewWebhookId();
    entry.webhook = webhook;
    entry.eventType = type;
    entry.payload = EventPayloads::Envelope(type, now, data);
    entry.orderingKey = orderingKey;
    entry.state = IsDisabled(session, webhook) ? OutboxState::Disabled : OutboxState::Pending;
    entry.nextAttemptAt = now + target.schedule.DelayBefore(1).value_or(RetrySchedule::Delay(0)).count();
    entry.createdAt = now;
    entry.updatedAt = now;
    session.Outbox().Enqueue(entry);
    if (wake_)
    {
      wake_();
    }
    return entry.id;
  }

  std::vector<std::string> WebhookOutbox::Enqueue(StoreSession& session, const std::vector<std::string>& webhooks,
                                                  const std::string& type, const Json::Value& data,
                                                  const std::string& orderingKey, StoreTime now) const
  {
    std::vector<std::string> ids;
    for (const auto& target : targets_)
    {
      const bool chosen = webhooks.empty() ||
                          std::find(webhooks.begin(), webhooks.end(), target.first) != webhooks.end();
      if (chosen && target.second.Wants(type))
      {
        ids.push_back(EnqueueFor(session, target.first, type, data, orderingKey, now));
      }
    }
    return ids;
  }

  std::chrono::milliseconds WebhookOutbox::Round()
  {
    StoreTime now = clock_();
    unsigned int longestTimeout = 1;
    for (const auto& target : targets_)
    {
      longestTimeout = std::max(longestTimeout, target.second.timeoutSeconds);
    }
    // Long enough for every claimed entry's attempt, so that no second worker takes one still in flight.
    const StoreTime lease = static_cast<StoreTime>(ClaimLimit) * longestTimeout * 1000 + 30000;
    const std::vector<OutboxEntry> due = store_.Outbox().ClaimDue(now, now + lease, ClaimLimit);
    for (OutboxEntry entry : due)
    {
      auto target = targets_.find(entry.webhook);
      if (target == targets_.end())
      {
        entry.state = OutboxState::Failed;
        entry.lastError = "the webhook \"" + entry.webhook + "\" is no longer configured";
        entry.updatedAt = now;
        store_.Outbox().Update(entry);
        continue;
      }
      if (IsDisabled(entry.webhook))
      {
        entry.state = OutboxState::Disabled;
        entry.updatedAt = now;
        store_.Outbox().Update(entry);
        continue;
      }
      const bool disable = SendWebhookAttempt(entry, target->second, http_, now);
      now = clock_();
      entry.updatedAt = now;
      store_.Transaction([&](StoreSession& session)
      {
        session.Outbox().Update(entry);
        if (disable)
        {
          session.Settings().Set(DisabledKey(entry.webhook), "1");
          session.Outbox().MoveWebhookEntries(entry.webhook, OutboxState::Pending, OutboxState::Disabled, now, now);
        }
      });
    }
    return due.size() == ClaimLimit ? std::chrono::milliseconds(0) : IdlePause;
  }

  bool WebhookOutbox::Retry(const std::string& id)
  {
    bool found = false;
    const StoreTime now = clock_();
    store_.Transaction([&](StoreSession& session)
    {
      OutboxEntry entry;
      if (!session.Outbox().Get(id, entry))
      {
        return;
      }
      found = true;
      entry.state = IsDisabled(session, entry.webhook) ? OutboxState::Disabled : OutboxState::Pending;
      entry.attempts = 0;
      entry.nextAttemptAt = now;
      entry.updatedAt = now;
      session.Outbox().Update(entry);
    });
    if (found && wake_)
    {
      wake_();
    }
    return found;
  }

  unsigned int WebhookOutbox::Enable(const std::string& webhook)
  {
    unsigned int moved = 0;
    const StoreTime now = clock_();
    store_.Transaction([&](StoreSession& session)
    {
      session.Settings().Set(DisabledKey(webhook), "0");
      moved = session.Outbox().MoveWebhookEntries(webhook, OutboxState::Disabled, OutboxState::Pending, now, now);
    });
    if (wake_)
    {
      wake_();
    }
    return moved;
  }
}
