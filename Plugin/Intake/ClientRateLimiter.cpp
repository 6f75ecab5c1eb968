#include "Intake/ClientRateLimiter.h"

#include <algorithm>
#include <cmath>

namespace Ratatoskr::Intake
{
  ClientRateLimiter::ClientRateLimiter(unsigned int requestsPerMinute, Clock clock, size_t maxClients)
    : capacity_(std::max(1u, requestsPerMinute)), tokensPerMillisecond_(capacity_ / 60000.0),
      clock_(std::move(clock)), maxClients_(std::max<size_t>(1, maxClients))
  {
  }

  void ClientRateLimiter::Refill(Bucket& bucket, std::int64_t now) const
  {
    if (now > bucket.updated)
    {
      bucket.tokens = std::min(capacity_, bucket.tokens + static_cast<double>(now - bucket.updated) *
                                                          tokensPerMillisecond_);
      bucket.updated = now;
    }
  }

  void ClientRateLimiter::ForgetIdle(std::int64_t now)
  {
    for (auto it = buckets_.begin(); it != buckets_.end();)
    {
      Refill(it->second, now);
      it = it->second.tokens >= capacity_ ? buckets_.erase(it) : std::next(it);
    }
  }

  int ClientRateLimiter::SecondsUntilOneToken(const Bucket& bucket) const
  {
    const double milliseconds = (1.0 - bucket.tokens) / tokensPerMillisecond_;
    return std::max(1, static_cast<int>(std::ceil(milliseconds / 1000.0)));
  }

  int ClientRateLimiter::Take(const std::string& client)
  {
    const std::int64_t now = clock_();
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = buckets_.find(client);
    if (found == buckets_.end())
    {
      if (buckets_.size() >= maxClients_)
      {
        ForgetIdle(now);
      }
      if (buckets_.size() >= maxClients_)
      {
        return SecondsUntilOneToken(Bucket{0, now});
      }
      found = buckets_.emplace(client, Bucket{capacity_, now}).first;
    }
    Bucket& bucket = found->second;
    Refill(bucket, now);
    if (bucket.tokens >= 1.0)
    {
      bucket.tokens -= 1.0;
      return 0;
    }
    return SecondsUntilOneToken(bucket);
  }

  size_t ClientRateLimiter::TrackedClients() const
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return buckets_.size();
  }
}
