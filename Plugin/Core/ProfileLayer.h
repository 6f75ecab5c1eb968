#pragma once

#include "Core/AttributeRuleSet.h"
#include "Core/ConfidentialityTable.h"
#include "Core/ResolvedProfile.h"
#include "Core/SafePrivateTags.h"

#include <json/value.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

// One profile file as written (before Extends is followed), validated field by field.
namespace Ratatoskr::Core
{
  struct ProfileRuleDefinition
  {
    std::string attribute;     // as written
    AttributePath path;
    AttributeAction action;
    Json::Value json;          // the rule as written, for ToJson()
  };

  struct ProfileLayer
  {
    std::string origin;        // file (or "embedded:Profiles/x.json")
    std::string name;
    std::optional<std::string> version;
    std::optional<std::string> description;
    std::optional<std::string> extends;
    std::optional<std::set<DeidentificationOption>> options;
    std::optional<PrivateTagPolicy> privateTagPolicy;
    std::optional<std::set<std::string>> privateCreators;
    SafePrivateTags extraSafeTags;   // additive along the Extends chain
    std::optional<bool> whitelist;
    std::optional<BurnedInAnnotationPolicy> burnedInAnnotation;
    std::optional<std::vector<PixelMask>> masks;
    std::optional<DateShiftRange> dateShift;
    std::vector<ProfileRuleDefinition> rules;   // additive: a later rule for the same path wins
  };

  // Throws ProfileError(origin, rule, reason) on any unknown key, keyword, action, option, bad value
  // or bad regular expression.
  ProfileLayer ParseProfileLayer(const Json::Value& json, const std::string& origin, const ConfidentialityTable& table);

  // Names are 1..32 characters of letters, digits, '-', '_' and '.'.
  bool IsValidProfileName(const std::string& name);
}
