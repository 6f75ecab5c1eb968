#include "Delivery/AttemptOutcome.h"

#include "Delivery/RetryAfter.h"

namespace Ratatoskr::Delivery
{
  AttemptOutcome ClassifyAttempt(const HttpAttempt& attempt, std::chrono::system_clock::time_point now,
                                 std::chrono::seconds maximumRetryAfter)
  {
    AttemptOutcome outcome;
    if (!attempt.status)
    {
      return outcome;   // Failed
    }
    const int status = *attempt.status;
    if (status >= 200 && status <= 299)
    {
      outcome.result = AttemptResult::Success;
    }
    else if (status == 410)
    {
      outcome.result = AttemptResult::DisableEndpoint;
    }
    else if (status == 429 || status == 502 || status == 503 || status == 504)
    {
      outcome.result = AttemptResult::Throttled;
      if ((status == 429 || status == 503) && !attempt.retryAfter.empty())
      {
        outcome.retryAfter = ParseRetryAfter(attempt.retryAfter, now, maximumRetryAfter);
      }
    }
    return outcome;
  }

  const char* ToString(AttemptResult result)
  {
    switch (result)
    {
      case AttemptResult::Success:
        return "Success";
      case AttemptResult::DisableEndpoint:
        return "DisableEndpoint";
      case AttemptResult::Throttled:
        return "Throttled";
      case AttemptResult::Failed:
        return "Failed";
    }
    return "Failed";
  }
}
