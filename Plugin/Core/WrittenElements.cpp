#include "Core/WrittenElements.h"

namespace Ratatoskr::Core
{
  void WrittenElements::Add(const std::vector<uint32_t>& sequences, const std::vector<unsigned long>& items,
                            uint32_t tag)
  {
    Trail trail;
    trail.reserve(sequences.size());
    for (std::size_t i = 0; i < sequences.size() && i < items.size(); ++i)
    {
      trail.emplace_back(sequences[i], items[i]);
    }
    locations_.emplace(std::move(trail), tag);
  }

  bool WrittenElements::Contains(const Trail& trail, uint32_t tag) const
  {
    return locations_.count(std::make_pair(trail, tag)) != 0;
  }
}
