#include "Delivery/BatchPlan.h"

#include <algorithm>

namespace Ratatoskr::Delivery
{
  std::vector<std::vector<size_t>> PlanBatches(const std::vector<uint64_t>& sizes, size_t maxInstances,
                                               uint64_t maxBytes)
  {
    maxInstances = std::max<size_t>(1, maxInstances);
    std::vector<std::vector<size_t>> batches;
    std::vector<size_t> current;
    uint64_t bytes = 0;
    for (size_t i = 0; i < sizes.size(); i++)
    {
      if (!current.empty() && (current.size() == maxInstances || bytes + sizes[i] > maxBytes))
      {
        batches.push_back(std::move(current));
        current.clear();
        bytes = 0;
      }
      current.push_back(i);
      bytes += sizes[i];
    }
    if (!current.empty())
    {
      batches.push_back(std::move(current));
    }
    return batches;
  }
}
