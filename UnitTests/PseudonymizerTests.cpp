#include "Core/Pseudonymizer.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <stdexcept>

using Ratatoskr::Core::Pseudonymizer;
using Ratatoskr::Core::PseudonymFormat;

namespace
{
  bool IsValidUid(const std::string& uid)
  {
    static const std::regex pattern("^(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*$");
    return uid.size() <= 64 && std::regex_match(uid, pattern);
  }
}

TEST(Pseudonymizer, RejectsEmptySecretAndBadRoots)
{
  EXPECT_THROW(Pseudonymizer(""), std::invalid_argument);
  EXPECT_THROW(Pseudonymizer("s", ""), std::invalid_argument);
  EXPECT_THROW(Pseudonymizer("s", "1.02.3"), std::invalid_argument);
  EXPECT_THROW(Pseudonymizer("s", "1..3"), std::invalid_argument);
  EXPECT_THROW(Pseudonymizer("s", "1.2.a"), std::invalid_argument);
  EXPECT_THROW(Pseudonymizer("s", std::string(41, '1')), std::invalid_argument);
  EXPECT_NO_THROW(Pseudonymizer("s", "1.2.826.0.1.3680043.10.1234"));
  EXPECT_NO_THROW(Pseudonymizer("s", std::string(40, '1')));
}

TEST(Pseudonymizer, UidsAreDeterministicValidAndKeyed)
{
  const Pseudonymizer a("secret-a"), a2("secret-a"), b("secret-b");
  const std::string original = "1.2.840.113619.2.55.3.604688119.969.1268071029.320";
  const std::string mapped = a.MapUid(original);
  EXPECT_EQ(mapped, a2.MapUid(original));                 // same secret: same output (restarts, files)
  EXPECT_NE(mapped, b.MapUid(original));                  // another deployment: another output
  EXPECT_NE(mapped, a.MapUid(original + "1"));
  EXPECT_EQ(mapped.compare(0, 5, "2.25."), 0);
  EXPECT_TRUE(IsValidUid(mapped)) << mapped;
  EXPECT_EQ(mapped, a.MapUid(original + std::string(1, '\0')));   // UI padding ignored
  EXPECT_EQ(mapped, a.MapUid(original + " "));
}

TEST(Pseudonymizer, UidsUnderAConfiguredRootStayWithin64Characters)
{
  const std::string root = "1.2.826.0.1.3680043.10.543.99999999999";
  const Pseudonymizer p("secret", root);
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i)
  {
    const std::string mapped = p.MapUid("1.2.3." + std::to_string(i));
    EXPECT_LE(mapped.size(), 64u);
    EXPECT_EQ(mapped.compare(0, root.size() + 1, root + "."), 0);
    EXPECT_TRUE(IsValidUid(mapped)) << mapped;
    seen.insert(mapped);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(Pseudonymizer, WellKnownUidsAreNeverRemapped)
{
  const Pseudonymizer p("secret");
  EXPECT_EQ(p.MapUid("1.2.840.10008.5.1.4.1.1.2"), "1.2.840.10008.5.1.4.1.1.2");   // CT Image Storage
  EXPECT_EQ(p.MapUid("1.2.840.10008.1.2.1"), "1.2.840.10008.1.2.1");               // transfer syntax
  EXPECT_EQ(p.MapUid(""), "");
  EXPECT_TRUE(Pseudonymizer::IsWellKnownUid("1.2.840.10008.2.16.4"));
  EXPECT_FALSE(Pseudonymizer::IsWellKnownUid("1.2.840.100081"));
}

TEST(Pseudonymizer, PseudonymFormatsAndLengths)
{
  const Pseudonymizer p("secret");
  const std::string digits = p.Pseudonym("patient", "PID1", 10, PseudonymFormat::Digits);
  const std::string hex = p.Pseudonym("patient", "PID1", 64, PseudonymFormat::Hex);
  const std::string alnum = p.Pseudonym("patient", "PID1", 40, PseudonymFormat::Alphanumeric);
  EXPECT_TRUE(std::regex_match(digits, std::regex("^[0-9]{10}$"))) << digits;
  EXPECT_TRUE(std::regex_match(hex, std::regex("^[0-9A-F]{64}$"))) << hex;
  EXPECT_TRUE(std::regex_match(alnum, std::regex("^[0-9A-Z]{40}$"))) << alnum;
  EXPECT_EQ(digits, p.Pseudonym("patient", "PID1", 10, PseudonymFormat::Digits));
  EXPECT_NE(p.Pseudonym("patient", "PID1", 16, PseudonymFormat::Hex), p.Pseudonym("study", "PID1", 16, PseudonymFormat::Hex));
  EXPECT_NE(p.Pseudonym("patient", "PID1", 16, PseudonymFormat::Hex),
            Pseudonymizer("other").Pseudonym("patient", "PID1", 16, PseudonymFormat::Hex));
  EXPECT_THROW(p.Pseudonym("k", "v", 0, PseudonymFormat::Hex), std::invalid_argument);
  EXPECT_THROW(p.Pseudonym("k", "v", 65, PseudonymFormat::Hex), std::invalid_argument);
}

TEST(Pseudonymizer, KindAndValueAreSeparated)
{
  // "ab" + "\0" + "c" must differ from "a" + "\0" + "bc".
  const Pseudonymizer p("secret");
  EXPECT_NE(p.Pseudonym("ab", "c", 16, PseudonymFormat::Hex), p.Pseudonym("a", "bc", 16, PseudonymFormat::Hex));
}

TEST(Pseudonymizer, DateShiftIsPerPatientAndInRange)
{
  const Pseudonymizer p("secret");
  std::set<int> values;
  for (int i = 0; i < 300; ++i)
  {
    const int days = p.DateShiftDays("patient" + std::to_string(i), -365, -1);
    EXPECT_GE(days, -365);
    EXPECT_LE(days, -1);
    values.insert(days);
  }
  EXPECT_GT(values.size(), 100u);
  EXPECT_EQ(p.DateShiftDays("x", -10, 10), p.DateShiftDays("x", -10, 10));
  EXPECT_EQ(p.DateShiftDays("x", 5, 5), 5);
  EXPECT_THROW(p.DateShiftDays("x", 1, 0), std::invalid_argument);
}

TEST(Pseudonymizer, KeyIdIsShortPublicAndKeyed)
{
  const Pseudonymizer a("secret-a"), b("secret-b");
  EXPECT_TRUE(std::regex_match(a.KeyId(), std::regex("^[0-9a-f]{8}$")));
  EXPECT_EQ(a.KeyId(), Pseudonymizer("secret-a").KeyId());
  EXPECT_NE(a.KeyId(), b.KeyId());
  EXPECT_EQ(a.KeyId().find("secret"), std::string::npos);
}
