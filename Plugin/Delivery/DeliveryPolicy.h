#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace Ratatoskr::Delivery
{
  // How one destination is delivered to (from its "Destinations" entry). Times in milliseconds.
  struct DeliveryPolicy
  {
    std::string dicomWebServer;              // name in "DicomWeb.Servers"
    size_t batchMaxInstances = 50;
    std::uint64_t batchMaxBytes = 32 * 1024 * 1024;
    unsigned int parallelBatches = 2;        // STOW jobs of one delivery in flight at once
    unsigned int attempts = 10;              // rounds of send + verify before Failed
    std::int64_t maxAge = 3LL * 24 * 3600 * 1000;  // no new attempt is scheduled after this age
    std::int64_t retryDelay = 30 * 1000;     // before the 2nd attempt; doubles, up to maxRetryDelay
    std::int64_t maxRetryDelay = 3600 * 1000;
    std::int64_t pollInterval = 500;         // between two looks at running STOW jobs
  };

  // The delay before attempt `attempt + 1` after `attempt` failed ones (1, 2...): retryDelay doubling,
  // capped, then spread by `jitter` in [-1, 1] over +-20% so that deliveries failed together do not all
  // come back at the same instant.
  std::int64_t RetryDelay(const DeliveryPolicy& policy, unsigned int attempt, double jitter);
}
