#pragma once

#include <chrono>
#include <optional>
#include <string>

// What one webhook delivery attempt came to, by the status-code handling of Standard Webhooks 1.0.0.
namespace Ratatoskr::Delivery
{
  enum class AttemptResult
  {
    Success,          // 2xx
    DisableEndpoint,  // 410 Gone: the receiver wants no more webhooks from us
    Throttled,        // 429, 502, 503, 504: the receiver is overloaded; slow down, then retry
    Failed            // anything else, 3xx included (redirects are not followed), timeouts and
                      // connection errors: retry on the schedule
  };

  struct HttpAttempt
  {
    std::optional<int> status;   // nothing: no HTTP answer (timeout, refused or reset connection, TLS)
    std::string retryAfter;      // the Retry-After header of the answer, empty if none
  };

  struct AttemptOutcome
  {
    AttemptResult result = AttemptResult::Failed;
    std::optional<std::chrono::seconds> retryAfter;   // a valid Retry-After of a 429 or 503, bounded
  };

  // Retry-After is honoured on 429 and 503 (where RFC 9110 gives it that meaning), bounded by
  // `maximumRetryAfter`; elsewhere it is ignored.
  AttemptOutcome ClassifyAttempt(const HttpAttempt& attempt, std::chrono::system_clock::time_point now,
                                 std::chrono::seconds maximumRetryAfter);

  const char* ToString(AttemptResult result);   // "Success", "DisableEndpoint", "Throttled", "Failed"
}
