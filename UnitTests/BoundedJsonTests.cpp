#include "Core/BoundedJson.h"
#include "Core/Errors.h"
#include "Core/JsonText.h"

#include <gtest/gtest.h>

using namespace Ratatoskr::Core;

namespace
{
  std::string Nested(unsigned int depth)
  {
    return "{\"Metadata\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  }
}

TEST(BoundedJson, ParsesOrdinaryText)
{
  Json::Value v;
  ASSERT_TRUE(ParseBoundedJson("{\"Profile\": \"basic\", \"A\": [1, {\"b\": null}]}", ClientJsonLimits, v).Ok());
  EXPECT_EQ("basic", v["Profile"].asString());
}

TEST(BoundedJson, RefusesDeepNestingBeforeParsing)
{
  Json::Value v;
  EXPECT_TRUE(ParseBoundedJson(Nested(63), ClientJsonLimits, v).Ok());  // 63 arrays + the object = 64
  for (unsigned int depth : {64u, 65u, 5000u, 100000u})
  {
    const JsonParseResult r = ParseBoundedJson(Nested(depth), ClientJsonLimits, v);
    EXPECT_EQ(JsonParseStatus::TooDeep, r.status) << depth;
    EXPECT_EQ("the JSON text is nested deeper than 64 levels", r.error);
    EXPECT_TRUE(v.isNull());
  }
  // Unbalanced openings count too (the text is refused before jsoncpp would recurse into it).
  EXPECT_EQ(JsonParseStatus::TooDeep, ParseBoundedJson(std::string(100000, '['), ClientJsonLimits, v).status);
}

TEST(BoundedJson, BracketsInsideStringsAreNotNesting)
{
  Json::Value v;
  const std::string text = "{\"a\": \"" + std::string(500, '[') + "\\\"" + std::string(500, '{') + "\"}";
  ASSERT_TRUE(ParseBoundedJson(text, ClientJsonLimits, v).Ok());
  EXPECT_EQ(1001u, v["a"].asString().size());
  EXPECT_EQ(1u, JsonNestingDepth(text, 64));
}

TEST(BoundedJson, RefusesLargeText)
{
  Json::Value v;
  const std::string big = "{\"a\": \"" + std::string(ClientJsonLimits.maxBytes, 'x') + "\"}";
  const JsonParseResult r = ParseBoundedJson(big, ClientJsonLimits, v);
  EXPECT_EQ(JsonParseStatus::TooLarge, r.status);
  EXPECT_NE(std::string::npos, r.error.find("more than the 1048576 accepted"));
  EXPECT_TRUE(ParseBoundedJson(big, TrustedJsonLimits, v).Ok());
}

TEST(BoundedJson, MalformedTextIsDescribedOnOneLine)
{
  Json::Value v;
  const JsonParseResult r = ParseBoundedJson("{not json", ClientJsonLimits, v);
  EXPECT_EQ(JsonParseStatus::Malformed, r.status);
  EXPECT_EQ(0u, r.error.find("invalid JSON: Line 1, Column 2"));
  EXPECT_EQ(std::string::npos, r.error.find('\n'));
  EXPECT_EQ(JsonParseStatus::Malformed, ParseBoundedJson("{} // comment", ClientJsonLimits, v).status);
}

TEST(BoundedJson, DuplicateKeysOnlyWhenAsked)
{
  Json::Value v;
  EXPECT_TRUE(ParseBoundedJson("{\"a\": 1, \"a\": 2}", ClientJsonLimits, v).Ok());
  EXPECT_FALSE(ParseBoundedJson("{\"a\": 1, \"a\": 2}", ClientJsonLimits, v, true).Ok());
  EXPECT_THROW(JsonText::Parse("{\"a\": 1, \"a\": 2}", "test.json"), ProfileError);
  EXPECT_THROW(JsonText::Parse(Nested(300), "test.json"), ProfileError);
}

TEST(BoundedJson, TrailingWhitespaceIsFineTrailingTextIsNot)
{
  Json::Value v;
  EXPECT_TRUE(ParseBoundedJson("{\"a\": 1}\n\r\n  ", ClientJsonLimits, v).Ok());
  EXPECT_FALSE(ParseBoundedJson("{\"a\": 1} {}", ClientJsonLimits, v).Ok());
}
