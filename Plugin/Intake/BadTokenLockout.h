#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace Ratatoskr::Intake
{
  // Brute-force protection of the invite tokens: `attempts` bad tokens from one client address within
  // `minutes` lock that address out of the API for `minutes`. A good token neither resets a lockout nor the
  // count (an attacker holding one valid invite cannot keep guessing others by mixing it in). Thread-safe;
  // memory bounded like ClientRateLimiter (`maxClients`, forgotten once nothing of theirs is in the window).
  class BadTokenLockout
  {
  public:
    using Clock = std::function<std::int64_t()>;  // milliseconds of a monotonic clock

    BadTokenLockout(unsigned int attempts, unsigned int minutes, Clock clock, size_t maxClients = 100000);

    // Seconds (at least 1) the client stays locked out; 0 when it is not.
    int LockedForSeconds(const std::string& client);

    // One more bad token from the client.
    void CountBadToken(const std::string& client);

  private:
    struct Record
    {
      std::deque<std::int64_t> failures;  // times of the bad tokens within the window, oldest first
      std::int64_t lockedUntil = 0;
    };

    void Expire(Record& record, std::int64_t now) const;
    void ForgetStale(std::int64_t now);

    unsigned int attempts_;
    std::int64_t windowMs_;
    Clock clock_;
    size_t maxClients_;
    std::mutex mutex_;
    std::unordered_map<std::string, Record> records_;
  };
}
