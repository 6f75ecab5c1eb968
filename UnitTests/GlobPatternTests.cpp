#include "Jobs/GlobPattern.h"

#include <gtest/gtest.h>

using Ratatoskr::MatchesGlob;

TEST(GlobPattern, Wildcards)
{
  EXPECT_TRUE(MatchesGlob("SENDER*", "SENDER"));
  EXPECT_TRUE(MatchesGlob("SENDER*", "sender_a"));
  EXPECT_TRUE(MatchesGlob("*teaching file*", "My Teaching File 7"));
  EXPECT_TRUE(MatchesGlob("C?", "CT"));
  EXPECT_TRUE(MatchesGlob("*", ""));
  EXPECT_TRUE(MatchesGlob("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(MatchesGlob("a*b*c", "aXXbYY"));
  EXPECT_FALSE(MatchesGlob("C?", "C"));
  EXPECT_FALSE(MatchesGlob("MR", "CT"));
  EXPECT_FALSE(MatchesGlob("", "x"));
  EXPECT_TRUE(MatchesGlob("", ""));
}
