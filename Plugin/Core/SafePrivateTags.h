#pragma once

#include <json/value.h>

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

// Private attributes that are safe to keep (PS3.15 Table E.3.10-1 plus profile additions), addressed
// by group, private creator and element offset (the low byte of the element number).
namespace Ratatoskr::Core
{
  struct SafePrivateTag
  {
    uint16_t group = 0;
    std::string creator;     // compared after trimming trailing spaces/NULs
    uint8_t element = 0;     // offset inside the creator's block, 0x00..0xFF
    std::string keyword;     // optional, documentation only

    bool operator<(const SafePrivateTag& other) const
    {
      return std::tie(group, creator, element) < std::tie(other.group, other.creator, other.element);
    }
  };

  class SafePrivateTags
  {
  public:
    static const char* const EmbeddedPath;   // "Profiles/safe-private-tags.json"

    // Parses {"Version": "...", "Source": "...", "Tags": [entries as in ParseEntry]}. Throws ProfileError naming `origin` and the entry.
    static SafePrivateTags Parse(const std::string& json, const std::string& origin);
    static SafePrivateTags LoadEmbedded();   // empty list if not embedded

    // Parses one entry of "Tags" (also used for a profile's "PrivateTags": {"SafeTags": [...]}):
    // {"Group": "0019", "Creator": "GEMS_ACQU_01", "Elements": ["23", "24"]} or a single "Element".
    // Throws std::invalid_argument with the reason.
    static std::vector<SafePrivateTag> ParseEntry(const Json::Value& entry);

    void Add(const SafePrivateTag& tag) { tags_.insert(tag); }
    void Merge(const SafePrivateTags& other);

    bool Contains(uint16_t group, const std::string& creator, uint8_t element) const;
    bool HasCreator(uint16_t group, const std::string& creator) const;

    const std::set<SafePrivateTag>& Tags() const { return tags_; }
    const std::string& Version() const { return version_; }

  private:
    std::set<SafePrivateTag> tags_;
    std::string version_;
  };
}
