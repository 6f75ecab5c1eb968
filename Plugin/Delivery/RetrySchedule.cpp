#include "Delivery/RetrySchedule.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>

namespace Ratatoskr::Delivery
{
  std::vector<RetrySchedule::Delay> RetrySchedule::StandardDelays()
  {
    using namespace std::chrono;
    return {seconds(0), seconds(5),  minutes(5), minutes(30), hours(2),
            hours(5),   hours(10),   hours(14),  hours(20),   hours(24)};
  }

  RetrySchedule::UnitRandom RetrySchedule::DefaultRandom()
  {
    struct Generator
    {
      std::mutex mutex;
      std::mt19937_64 engine{std::random_device{}()};
      std::uniform_real_distribution<double> unit{0.0, 1.0};
    };
    auto generator = std::make_shared<Generator>();
    return [generator]()
    {
      std::lock_guard<std::mutex> lock(generator->mutex);
      return generator->unit(generator->engine);
    };
  }

  RetrySchedule::RetrySchedule(std::vector<Delay> delays, double jitter, UnitRandom random) :
    delays_(std::move(delays)),
    jitter_(jitter),
    random_(std::move(random))
  {
    if (delays_.empty())
    {
      throw std::invalid_argument("a retry schedule has at least one attempt");
    }
    if (std::any_of(delays_.begin(), delays_.end(), [](Delay d) { return d.count() < 0; }))
    {
      throw std::invalid_argument("the delays of a retry schedule cannot be negative");
    }
    if (!(jitter_ >= 0.0 && jitter_ <= 0.5))
    {
      throw std::invalid_argument("the jitter of a retry schedule is between 0 and 0.5");
    }
    if (!random_)
    {
      throw std::invalid_argument("a retry schedule needs a random source");
    }
  }

  std::optional<RetrySchedule::Delay> RetrySchedule::DelayBefore(size_t attempt) const
  {
    if (attempt == 0 || attempt > delays_.size())
    {
      return std::nullopt;
    }
    const Delay base = delays_[attempt - 1];
    if (base.count() == 0 || jitter_ == 0.0)
    {
      return base;
    }
    // Clamped, so that a faulty source cannot take the delay outside the bound.
    const double unit = std::clamp(random_(), 0.0, 1.0);
    const double factor = 1.0 + jitter_ * (2.0 * unit - 1.0);
    return Delay(static_cast<Delay::rep>(static_cast<double>(base.count()) * factor));
  }

  RetrySchedule::Decision RetrySchedule::After(size_t attempt, const AttemptOutcome& outcome) const
  {
    if (attempt == 0)
    {
      throw std::invalid_argument("attempts are counted from 1");
    }
    Decision decision;
    switch (outcome.result)
    {
      case AttemptResult::Success:
        decision.action = Decision::Action::Delivered;
        return decision;
      case AttemptResult::DisableEndpoint:
        decision.action = Decision::Action::DisableEndpoint;
        return decision;
      case AttemptResult::Throttled:
        decision.throttled = true;
        break;
      case AttemptResult::Failed:
        break;
    }
    const std::optional<Delay> next = DelayBefore(attempt + 1);
    if (!next)
    {
      decision.action = Decision::Action::GiveUp;
      return decision;
    }
    decision.action = Decision::Action::Retry;
    decision.delay = *next;
    if (outcome.retryAfter)
    {
      decision.delay = std::max<Delay>(decision.delay, *outcome.retryAfter);
    }
    return decision;
  }
}
