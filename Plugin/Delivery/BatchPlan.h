#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace Ratatoskr::Delivery
{
  // Splits instances (in their order) into consecutive STOW-RS batches of at most `maxInstances` instances
  // and `maxBytes` bytes, so that no request outlives the DICOMweb server's HTTP timeout. An instance larger
  // than `maxBytes` goes alone. Returns the indexes of each batch.
  std::vector<std::vector<size_t>> PlanBatches(const std::vector<uint64_t>& sizes, size_t maxInstances,
                                               uint64_t maxBytes);
}
