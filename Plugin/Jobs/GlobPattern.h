#pragma once

#include <string>

namespace Ratatoskr
{
  // Whether a value matches a pattern with '*' (any run) and '?' (one character), case-insensitively,
  // as in Orthanc's own wildcard queries. Used by the rules.
  bool MatchesGlob(const std::string& pattern, const std::string& value);
}
