#include "Core/ValueTemplate.h"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

using Ratatoskr::Core::ValueTemplate;

namespace
{
  std::string Render(const std::string& text, const std::map<std::string, std::string>& values)
  {
    return ValueTemplate::Parse(text).Render([&values](const std::string& name, std::string& value) {
      const auto found = values.find(name);
      if (found == values.end()) return false;
      value = found->second;
      return true;
    });
  }
}

TEST(ValueTemplate, RendersPlaceholdersAlternativesAndBraces)
{
  EXPECT_EQ(Render("CASE-{CaseId}", {{"CaseId", "42"}}), "CASE-42");
  EXPECT_EQ(Render("{CaseId|PatientPseudonym}", {{"PatientPseudonym", "P1"}}), "P1");
  EXPECT_EQ(Render("{CaseId|PatientPseudonym}", {{"CaseId", "C9"}, {"PatientPseudonym", "P1"}}), "C9");
  EXPECT_EQ(Render("{{literal}}", {}), "{literal}");
  EXPECT_EQ(Render("plain", {}), "plain");
  EXPECT_THROW(Render("{Missing}", {}), std::out_of_range);
}

TEST(ValueTemplate, RejectsBadSyntax)
{
  EXPECT_THROW(ValueTemplate::Parse("{unclosed"), std::invalid_argument);
  EXPECT_THROW(ValueTemplate::Parse("a}b"), std::invalid_argument);
  EXPECT_THROW(ValueTemplate::Parse("{}"), std::invalid_argument);
  EXPECT_THROW(ValueTemplate::Parse("{9x}"), std::invalid_argument);
  EXPECT_THROW(ValueTemplate::Parse("{a b}"), std::invalid_argument);
  EXPECT_EQ(ValueTemplate::Parse("{A|B}-{C}").Names(), (std::vector<std::string>{"A", "B", "C"}));
}
