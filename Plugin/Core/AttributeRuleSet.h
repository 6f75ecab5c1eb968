#pragma once

#include "Core/AttributeAction.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

// The per-tag lookup the engine uses for every element: explicit profile rules (addressed by path)
// first, then the action derived from Table E.1-1 and the options. One hash lookup per element.
namespace Ratatoskr::Core
{
  // A path of tags. "Seq.Attr" -> parents {Seq}, tag Attr, anchored at the top level.
  // "*.Attr" / "*.Seq.Attr" -> matches at any depth (the parents are a suffix of the real path).
  struct AttributePath
  {
    std::vector<uint32_t> parents;
    uint32_t tag = 0;
    bool anyDepth = false;
  };

  class AttributeRuleSet
  {
  public:
    // Later rules for the same path replace earlier ones (a child profile overrides its base).
    void AddRule(const AttributePath& path, const AttributeAction& action);
    void SetTableAction(uint32_t tag, const AttributeAction& action);

    // The action for an element with `tag` whose enclosing sequences are `parents` (outermost
    // first), or nullptr when neither a rule nor the table covers it.
    const AttributeAction* Find(uint32_t tag, const std::vector<uint32_t>& parents) const;

    const AttributeAction* FindTableAction(uint32_t tag) const;
    bool HasExplicitRule(uint32_t tag) const;

    // Whether a path's parents match the enclosing sequences of an element (outermost first).
    static bool Matches(const AttributePath& path, const std::vector<uint32_t>& parents);

  private:
    struct PathRule
    {
      AttributePath path;
      AttributeAction action;
    };

    struct Entry
    {
      bool hasTableAction = false;
      AttributeAction tableAction;
      std::vector<PathRule> rules;   // most specific first
    };

    std::unordered_map<uint32_t, Entry> entries_;
  };
}
