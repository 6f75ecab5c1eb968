#include "Core/AttributeRuleSet.h"

#include <algorithm>

namespace Ratatoskr::Core
{
  namespace
  {
    bool SamePath(const AttributePath& a, const AttributePath& b)
    {
      return a.tag == b.tag && a.anyDepth == b.anyDepth && a.parents == b.parents;
    }

    // Anchored paths before wildcard ones; longer (more specific) before shorter.
    bool MoreSpecific(const AttributePath& a, const AttributePath& b)
    {
      if (a.anyDepth != b.anyDepth)
      {
        return !a.anyDepth;
      }
      return a.parents.size() > b.parents.size();
    }
  }

  void AttributeRuleSet::AddRule(const AttributePath& path, const AttributeAction& action)
  {
    Entry& entry = entries_[path.tag];
    for (PathRule& rule : entry.rules)
    {
      if (SamePath(rule.path, path))
      {
        rule.action = action;
        return;
      }
    }
    entry.rules.push_back(PathRule{path, action});
    std::stable_sort(entry.rules.begin(), entry.rules.end(),
                     [](const PathRule& a, const PathRule& b) { return MoreSpecific(a.path, b.path); });
  }

  void AttributeRuleSet::SetTableAction(uint32_t tag, const AttributeAction& action)
  {
    Entry& entry = entries_[tag];
    entry.hasTableAction = true;
    entry.tableAction = action;
  }

  bool AttributeRuleSet::Matches(const AttributePath& path, const std::vector<uint32_t>& parents)
  {
    if (!path.anyDepth)
    {
      return path.parents == parents;
    }
    if (path.parents.size() > parents.size())
    {
      return false;
    }
    return std::equal(path.parents.rbegin(), path.parents.rend(), parents.rbegin());
  }

  const AttributeAction* AttributeRuleSet::Find(uint32_t tag, const std::vector<uint32_t>& parents) const
  {
    const auto found = entries_.find(tag);
    if (found == entries_.end())
    {
      return nullptr;
    }
    for (const PathRule& rule : found->second.rules)
    {
      if (Matches(rule.path, parents))
      {
        return &rule.action;
      }
    }
    return found->second.hasTableAction ? &found->second.tableAction : nullptr;
  }

  const AttributeAction* AttributeRuleSet::FindTableAction(uint32_t tag) const
  {
    const auto found = entries_.find(tag);
    return (found != entries_.end() && found->second.hasTableAction) ? &found->second.tableAction : nullptr;
  }

  bool AttributeRuleSet::HasExplicitRule(uint32_t tag) const
  {
    const auto found = entries_.find(tag);
    return found != entries_.end() && !found->second.rules.empty();
  }
}
