#include "Core/AttributePathParser.h"

#include "Core/TagDictionary.h"

#include <stdexcept>
#include <vector>

namespace Ratatoskr::Core
{
  namespace
  {
    std::vector<std::string> Split(const std::string& text, char separator)
    {
      std::vector<std::string> parts;
      size_t start = 0;
      for (;;)
      {
        const size_t next = text.find(separator, start);
        parts.push_back(text.substr(start, next == std::string::npos ? std::string::npos : next - start));
        if (next == std::string::npos)
        {
          return parts;
        }
        start = next + 1;
      }
    }

    uint32_t ResolveComponent(const std::string& component, const ConfidentialityTable& table, std::string& vr)
    {
      uint32_t tag = 0;
      if (TagDictionary::ParseTag(component, tag))
      {
        vr = ((tag >> 16) % 2 == 1) ? std::string() : TagDictionary::VrOf(tag);
        return tag;
      }
      if (TagDictionary::FindKeyword(component, tag, vr))
      {
        return tag;
      }
      if (const TableRow* row = table.FindByKeyword(component))
      {
        vr = row->vr;
        return row->tag;
      }
      throw std::invalid_argument("unknown attribute keyword '" + component + "'");
    }
  }

  AttributePath ParseAttributePath(const std::string& text, const ConfidentialityTable& table, std::string& leafVr)
  {
    if (text.empty())
    {
      throw std::invalid_argument("empty attribute");
    }
    std::vector<std::string> components = Split(text, '.');
    AttributePath path;
    if (components.front() == "*")
    {
      path.anyDepth = true;
      components.erase(components.begin());
    }
    if (components.empty())
    {
      throw std::invalid_argument("'*' must be followed by an attribute, e.g. \"*.InstitutionName\"");
    }
    for (size_t i = 0; i < components.size(); ++i)
    {
      if (components[i].empty() || components[i] == "*")
      {
        throw std::invalid_argument("bad attribute path '" + text + "' ('*' is only allowed first)");
      }
      std::string vr;
      const uint32_t tag = ResolveComponent(components[i], table, vr);
      if ((tag >> 16) == 0x0002 || (tag >> 16) == 0xfffe)
      {
        throw std::invalid_argument("'" + components[i] + "' cannot be addressed by a rule "
                                    "(file meta and item delimitation tags are handled by the engine)");
      }
      if (i + 1 < components.size())
      {
        if (!vr.empty() && vr != "SQ")
        {
          throw std::invalid_argument("'" + components[i] + "' is not a sequence, so it cannot contain '" +
                                      components[i + 1] + "'");
        }
        path.parents.push_back(tag);
      }
      else
      {
        path.tag = tag;
        leafVr = vr;
      }
    }
    return path;
  }
}
