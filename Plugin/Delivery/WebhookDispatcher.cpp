#include "Delivery/WebhookDispatcher.h"

#include "Delivery/AttemptOutcome.h"
#include "Delivery/WebhookSignature.h"

#include <cctype>

namespace Ratatoskr::Delivery
{
  namespace
  {
    const std::chrono::seconds MaximumRetryAfter(24 * 3600);
    const size_t ExcerptLength = 200;
  }

  std::string DescribeExchange(const HttpExchange& exchange)
  {
    if (!exchange.Answered())
    {
      return exchange.transportError.empty() ? "no answer" : exchange.transportError;
    }
    std::string text = "HTTP " + std::to_string(exchange.status);
    std::string excerpt;
    for (char c : exchange.body.substr(0, ExcerptLength))
    {
      excerpt += std::isprint(static_cast<unsigned char>(c)) ? c : ' ';
    }
    const size_t end = excerpt.find_last_not_of(' ');
    if (end != std::string::npos)
    {
      text += ": " + excerpt.substr(0, end + 1);
    }
    return text;
  }

  bool SendWebhookAttempt(OutboxEntry& entry, const WebhookTarget& target, const HttpClient& http, StoreTime now)
  {
    OutgoingHttpRequest request;
    request.method = "POST";
    request.url = target.url;
    request.timeoutSeconds = target.timeoutSeconds;
    request.body = entry.payload;
    request.headers = WebhookHeaders(target.secret, entry.id, now / 1000, entry.payload);
    request.headers.emplace_back("Content-Type", "application/json");
    request.headers.emplace_back("User-Agent", "Ratatoskr/" RATATOSKR_VERSION);

    const HttpExchange exchange = http.Send(request);
    entry.attempts++;
    entry.updatedAt = now;
    entry.lastHttpStatus = exchange.status;

    HttpAttempt attempt;
    if (exchange.Answered())
    {
      attempt.status = exchange.status;
      auto retryAfter = exchange.headers.find("retry-after");
      if (retryAfter != exchange.headers.end())
      {
        attempt.retryAfter = retryAfter->second;
      }
    }
    const auto clock = std::chrono::system_clock::time_point(std::chrono::milliseconds(now));
    const AttemptOutcome outcome = ClassifyAttempt(attempt, clock, MaximumRetryAfter);
    const RetrySchedule::Decision decision = target.schedule.After(entry.attempts, outcome);
    entry.lastError = outcome.result == AttemptResult::Success ? "" : DescribeExchange(exchange);
    switch (decision.action)
    {
      case RetrySchedule::Decision::Action::Delivered:
        entry.state = OutboxState::Delivered;
        return false;
      case RetrySchedule::Decision::Action::DisableEndpoint:
        entry.state = OutboxState::Disabled;
        entry.lastError += " (Gone: the webhook is disabled until an admin enables it again)";
        return true;
      case RetrySchedule::Decision::Action::Retry:
        entry.state = OutboxState::Pending;
        entry.nextAttemptAt = now + decision.delay.count();
        return false;
      case RetrySchedule::Decision::Action::GiveUp:
        entry.state = OutboxState::Failed;
        return false;
    }
    return false;
  }
}
