#pragma once

#include "Core/Pseudonymizer.h"
#include "Core/ValueTemplate.h"

#include <cstddef>
#include <memory>
#include <regex>
#include <string>

// What the engine does with one attribute. Built once when a profile is resolved, then only read.
namespace Ratatoskr::Core
{
  enum class ActionKind
  {
    Keep,          // K
    Remove,        // X
    Empty,         // Z: zero length (a sequence: no items)
    Dummy,         // D: a dummy value of the VR (UI: remapped UID; SQ: dummy items, see IodRequirements)
    Clean,         // C: dates shifted, text kept minus every identifying value seen, SQ walked
    RemapUid,      // U
    Replace,       // rule: a value with placeholders
    Pseudonymize,  // rule: keyed hash of the value
    ShiftDate,     // rule: DA/DT shifted per patient (TM kept)
    RegexReplace,  // rule: std::regex (ECMAScript) replace
    TruncateDate   // rule: keep year (or year and month)
  };

  enum class DatePrecision
  {
    Year,
    Month
  };

  const char* ToString(ActionKind kind);
  bool ParseActionKind(const std::string& name, ActionKind& kind);   // profile rule names only

  struct AttributeAction
  {
    ActionKind kind = ActionKind::Keep;
    ValueTemplate value;                          // Replace
    size_t length = 16;                           // Pseudonymize
    PseudonymFormat format = PseudonymFormat::Alphanumeric;
    std::shared_ptr<const std::regex> pattern;    // RegexReplace (compiled once)
    std::string patternText;
    std::string replacement;
    DatePrecision precision = DatePrecision::Year;  // TruncateDate
    std::string origin;                           // "table Z/D", "Rules[2]", "whitelist", ...
  };
}
