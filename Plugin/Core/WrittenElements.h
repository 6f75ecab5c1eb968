#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

// The elements of one dataset whose whole value the engine wrote itself (a shifted date, a remapped UID,
// a pseudonym, a dummy, a replacement from the profile and the job's metadata), by location: the
// enclosing sequences with their item numbers and the tag. The leak check does not take such a value
// for a surviving original, even when it equals another original value of the instance (a date shifted
// onto another date of the same instance); kept and partly rewritten values are not recorded here, so
// they are still searched for every original value.
namespace Ratatoskr::Core
{
  class WrittenElements
  {
  public:
    // Enclosing sequences (tag, item number), outermost first.
    using Trail = std::vector<std::pair<uint32_t, unsigned long>>;

    void Add(const std::vector<uint32_t>& sequences, const std::vector<unsigned long>& items, uint32_t tag);
    bool Contains(const Trail& trail, uint32_t tag) const;

  private:
    std::set<std::pair<Trail, uint32_t>> locations_;
  };
}
