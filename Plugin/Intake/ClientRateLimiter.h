#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace Ratatoskr::Intake
{
  // A token bucket per client address: each may send `requestsPerMinute` requests in a burst, then one every
  // 60 / requestsPerMinute seconds. Thread-safe. Its memory is bounded: idle clients (bucket full again) are
  // forgotten when `maxClients` are tracked; if that many are all active, a new address is refused until some
  // go idle (a flood of addresses must not grow the plugin's memory).
  class ClientRateLimiter
  {
  public:
    using Clock = std::function<std::int64_t()>;  // milliseconds of a monotonic clock

    ClientRateLimiter(unsigned int requestsPerMinute, Clock clock, size_t maxClients = 100000);

    // Takes one request from the client's allowance: 0 when it may go on, otherwise the seconds (at least 1)
    // until it may send the next one (Retry-After).
    int Take(const std::string& client);

    size_t TrackedClients() const;

  private:
    struct Bucket
    {
      double tokens;
      std::int64_t updated;
    };

    void Refill(Bucket& bucket, std::int64_t now) const;
    void ForgetIdle(std::int64_t now);
    int SecondsUntilOneToken(const Bucket& bucket) const;

    double capacity_;
    double tokensPerMillisecond_;
    Clock clock_;
    size_t maxClients_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
  };
}
