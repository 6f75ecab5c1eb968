#include "Intake/BadTokenLockout.h"

#include <algorithm>

namespace Ratatoskr::Intake
{
  BadTokenLockout::BadTokenLockout(unsigned int attempts, unsigned int minutes, Clock clock, size_t maxClients)
    : attempts_(std::max(1u, attempts)), windowMs_(std::int64_t(std::max(1u, minutes)) * 60000),
      clock_(std::move(clock)), maxClients_(std::max<size_t>(1, maxClients))
  {
  }

  void BadTokenLockout::Expire(Record& record, std::int64_t now) const
  {
    while (!record.failures.empty() && record.failures.front() <= now - windowMs_)
    {
      record.failures.pop_front();
    }
  }

  void BadTokenLockout::ForgetStale(std::int64_t now)
  {
    for (auto it = records_.begin(); it != records_.end();)
    {
      Expire(it->second, now);
      const bool stale = it->second.failures.empty() && it->second.lockedUntil <= now;
      it = stale ? records_.erase(it) : std::next(it);
    }
  }

  int BadTokenLockout::LockedForSeconds(const std::string& client)
  {
    const std::int64_t now = clock_();
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = records_.find(client);
    if (found == records_.end() || found->second.lockedUntil <= now)
    {
      return 0;
    }
    return static_cast<int>(std::max<std::int64_t>(1, (found->second.lockedUntil - now + 999) / 1000));
  }

  void BadTokenLockout::CountBadToken(const std::string& client)
  {
    const std::int64_t now = clock_();
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = records_.find(client);
    if (found == records_.end())
    {
      if (records_.size() >= maxClients_)
      {
        ForgetStale(now);
      }
      if (records_.size() >= maxClients_)
      {
        return;  // that many addresses guessing at once: memory stays bounded, each is still rate-limited
      }
      found = records_.emplace(client, Record()).first;
    }
    Record& record = found->second;
    if (record.lockedUntil > now)
    {
      return;  // already locked: the lockout is not extended by requests it refuses anyway
    }
    Expire(record, now);
    record.failures.push_back(now);
    if (record.failures.size() >= attempts_)
    {
      record.lockedUntil = now + windowMs_;
      record.failures.clear();
    }
  }
}
