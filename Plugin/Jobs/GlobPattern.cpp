#include "Jobs/GlobPattern.h"

#include <cctype>

namespace Ratatoskr
{
  bool MatchesGlob(const std::string& pattern, const std::string& value)
  {
    // Iterative matching with backtracking to the last '*'.
    size_t p = 0, v = 0, star = std::string::npos, mark = 0;
    auto same = [](char a, char b)
    {
      return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    };
    while (v < value.size())
    {
      if (p < pattern.size() && pattern[p] != '*' && (pattern[p] == '?' || same(pattern[p], value[v])))
      {
        p++;
        v++;
      }
      else if (p < pattern.size() && pattern[p] == '*')
      {
        star = p++;
        mark = v;
      }
      else if (star != std::string::npos)
      {
        p = star + 1;
        v = ++mark;
      }
      else
      {
        return false;
      }
    }
    while (p < pattern.size() && pattern[p] == '*')
    {
      p++;
    }
    return p == pattern.size();
  }
}
