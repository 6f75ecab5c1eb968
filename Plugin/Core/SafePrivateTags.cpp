#include "Core/SafePrivateTags.h"

#include "Core/EmbeddedResources.h"
#include "Core/Errors.h"
#include "Core/JsonText.h"

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace Ratatoskr::Core
{
  const char* const SafePrivateTags::EmbeddedPath = "Profiles/safe-private-tags.json";

  namespace
  {
    std::string TrimCreator(const std::string& creator)
    {
      size_t end = creator.size();
      while (end > 0 && (creator[end - 1] == ' ' || creator[end - 1] == '\0'))
      {
        --end;
      }
      size_t begin = 0;
      while (begin < end && creator[begin] == ' ')
      {
        ++begin;
      }
      return creator.substr(begin, end - begin);
    }

    unsigned long ParseHex(const Json::Value& value, const char* field, size_t maxDigits)
    {
      if (!value.isString())
      {
        throw std::invalid_argument(std::string("\"") + field + "\" must be a hex string");
      }
      const std::string text = value.asString();
      if (text.empty() || text.size() > maxDigits)
      {
        throw std::invalid_argument(std::string("\"") + field + "\" must have 1 to " +
                                    std::to_string(maxDigits) + " hex digits");
      }
      for (char c : text)
      {
        if (!std::isxdigit(static_cast<unsigned char>(c)))
        {
          throw std::invalid_argument(std::string("\"") + field + "\" is not hexadecimal");
        }
      }
      return std::strtoul(text.c_str(), nullptr, 16);
    }
  }

  std::vector<SafePrivateTag> SafePrivateTags::ParseEntry(const Json::Value& entry)
  {
    if (!entry.isObject())
    {
      throw std::invalid_argument("entry must be an object {\"Group\", \"Creator\", \"Elements\"}");
    }
    for (const std::string& key : entry.getMemberNames())
    {
      if (key != "Group" && key != "Creator" && key != "Element" && key != "Elements" && key != "Keyword")
      {
        throw std::invalid_argument("unknown key \"" + key + "\"");
      }
    }
    SafePrivateTag tag;
    const unsigned long group = ParseHex(entry["Group"], "Group", 4);
    if (group % 2 == 0 || group < 0x0009 || group == 0xffff)
    {
      throw std::invalid_argument("\"Group\" must be an odd group from 0009 to FFFD (a private group)");
    }
    tag.group = static_cast<uint16_t>(group);
    if (!entry["Creator"].isString() || TrimCreator(entry["Creator"].asString()).empty())
    {
      throw std::invalid_argument("\"Creator\" must be a non-empty string");
    }
    tag.creator = TrimCreator(entry["Creator"].asString());
    if (entry.isMember("Keyword") && entry["Keyword"].isString())
    {
      tag.keyword = entry["Keyword"].asString();
    }
    std::vector<Json::Value> elements;
    if (entry.isMember("Element"))
    {
      elements.push_back(entry["Element"]);
    }
    if (entry.isMember("Elements"))
    {
      if (!entry["Elements"].isArray() || entry["Elements"].empty())
      {
        throw std::invalid_argument("\"Elements\" must be a non-empty array of hex strings");
      }
      for (const Json::Value& element : entry["Elements"])
      {
        elements.push_back(element);
      }
    }
    if (elements.empty())
    {
      throw std::invalid_argument("an entry needs \"Element\" or \"Elements\"");
    }
    std::vector<SafePrivateTag> tags;
    for (const Json::Value& element : elements)
    {
      // Either the offset ("10") or a full element with a block ("1010"): only the low byte counts.
      tag.element = static_cast<uint8_t>(ParseHex(element, "Element", 4) & 0xff);
      tags.push_back(tag);
    }
    return tags;
  }

  SafePrivateTags SafePrivateTags::Parse(const std::string& json, const std::string& origin)
  {
    const Json::Value root = JsonText::Parse(json, origin);
    if (!root.isObject() || !root["Tags"].isArray())
    {
      throw ProfileError(origin, "", "expected an object with a \"Tags\" array");
    }
    SafePrivateTags result;
    result.version_ = root["Version"].isString() ? root["Version"].asString() : std::string();
    const Json::Value& tags = root["Tags"];
    for (Json::ArrayIndex i = 0; i < tags.size(); ++i)
    {
      try
      {
        for (const SafePrivateTag& tag : ParseEntry(tags[i]))
        {
          result.Add(tag);
        }
      }
      catch (const std::invalid_argument& e)
      {
        throw ProfileError(origin, "Tags[" + std::to_string(i) + "]", e.what());
      }
    }
    return result;
  }

  SafePrivateTags SafePrivateTags::LoadEmbedded()
  {
    std::string content;
    if (!Embedded::Find(EmbeddedPath, content))
    {
      return SafePrivateTags();
    }
    return Parse(content, EmbeddedPath);
  }

  void SafePrivateTags::Merge(const SafePrivateTags& other)
  {
    tags_.insert(other.tags_.begin(), other.tags_.end());
  }

  bool SafePrivateTags::Contains(uint16_t group, const std::string& creator, uint8_t element) const
  {
    SafePrivateTag key;
    key.group = group;
    key.creator = TrimCreator(creator);
    key.element = element;
    return tags_.count(key) != 0;
  }

  bool SafePrivateTags::HasCreator(uint16_t group, const std::string& creator) const
  {
    SafePrivateTag key;
    key.group = group;
    key.creator = TrimCreator(creator);
    key.element = 0;
    const auto found = tags_.lower_bound(key);
    return found != tags_.end() && found->group == group && found->creator == key.creator;
  }
}
