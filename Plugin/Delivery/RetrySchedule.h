#pragma once

#include "Delivery/AttemptOutcome.h"

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

// When to try a webhook delivery again: the retry schedule of Standard Webhooks 1.0.0 (now, 5 s, 5 min,
// 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: ten attempts over about 75 hours), with a bounded random
// jitter so that retries after one outage do not all arrive at once, and the receiver's Retry-After.
namespace Ratatoskr::Delivery
{
  class RetrySchedule
  {
  public:
    using Delay = std::chrono::milliseconds;
    using UnitRandom = std::function<double()>;   // uniform in [0, 1)

    static constexpr double DefaultJitter = 0.1;  // +-10 %

    // The specification's delays: before attempt 1 (0: at once), before attempt 2, and so on.
    static std::vector<Delay> StandardDelays();

    // A generator of std::mt19937_64 seeded from std::random_device, safe for concurrent callers.
    // Jitter needs no cryptographic quality.
    static UnitRandom DefaultRandom();

    // `delays[i]` is the delay before attempt i + 1, counted from the end of attempt i (the first one
    // from the event). Every delay is moved by a factor in [1 - jitter, 1 + jitter) drawn from `random`.
    // Throws std::invalid_argument for an empty list, a negative delay or a jitter outside [0, 0.5].
    explicit RetrySchedule(std::vector<Delay> delays = StandardDelays(), double jitter = DefaultJitter,
                           UnitRandom random = DefaultRandom());

    size_t Attempts() const { return delays_.size(); }
    const std::vector<Delay>& Delays() const { return delays_; }

    // The delay before attempt `attempt` (1-based), jitter applied; nothing past the last attempt.
    std::optional<Delay> DelayBefore(size_t attempt) const;

    struct Decision
    {
      enum class Action
      {
        Delivered,        // 2xx: done
        DisableEndpoint,  // 410: stop, and send this endpoint nothing more
        Retry,            // try again after `delay`
        GiveUp            // the last attempt failed
      };
      Action action = Action::GiveUp;
      Delay delay{0};
      bool throttled = false;   // the receiver asked to slow down (429, 502, 503, 504)
    };

    // What to do after attempt `attempt` (1-based) ended with `outcome`. A retry waits the scheduled
    // (jittered) delay, or the outcome's Retry-After when that is longer. Throws
    // std::invalid_argument for attempt 0.
    Decision After(size_t attempt, const AttemptOutcome& outcome) const;

  private:
    std::vector<Delay> delays_;
    double jitter_;
    UnitRandom random_;
  };
}
