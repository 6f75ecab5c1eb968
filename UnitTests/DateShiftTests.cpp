#include "Core/DateShift.h"

#include <gtest/gtest.h>

using namespace Ratatoskr::Core::DateShift;

TEST(DateShift, CivilConversionRoundTrips)
{
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  for (long days = -800000; days < 800000; days += 997)
  {
    int y = 0;
    unsigned int m = 0, d = 0;
    CivilFromDays(days, y, m, d);
    EXPECT_EQ(DaysFromCivil(y, m, d), days);
  }
}

TEST(DateShift, ShiftsDaAcrossMonthsYearsAndLeapDays)
{
  std::string out;
  ASSERT_TRUE(ShiftDa("20240301", -1, out));
  EXPECT_EQ(out, "20240229");
  ASSERT_TRUE(ShiftDa("20230101", -1, out));
  EXPECT_EQ(out, "20221231");
  ASSERT_TRUE(ShiftDa("20220315\\20220316", -365, out));
  EXPECT_EQ(out, "20210315\\20210316");
  ASSERT_TRUE(ShiftDa("20220315-20220320", 10, out));
  EXPECT_EQ(out, "20220325-20220330");
  ASSERT_TRUE(ShiftDa("2022.03.15", 1, out));   // ACR-NEMA style
  EXPECT_EQ(out, "20220316");
  EXPECT_FALSE(ShiftDa("20221332", 1, out));
  EXPECT_FALSE(ShiftDa("2022031", 1, out));
  EXPECT_FALSE(ShiftDa("yesterday", 1, out));
}

TEST(DateShift, ShiftsDtDatePartOnly)
{
  std::string out;
  ASSERT_TRUE(ShiftDt("20220315101612.123456", -20, out));
  EXPECT_EQ(out, "20220223101612.123456");
  ASSERT_TRUE(ShiftDt("20220101000000-0500", -1, out));
  EXPECT_EQ(out, "20211231000000-0500");
  ASSERT_TRUE(ShiftDt("202203", -400, out));
  EXPECT_EQ(out, "202101");   // 2022-03-01 minus 400 days is 2021-01-25
  ASSERT_TRUE(ShiftDt("2022", -1, out));
  EXPECT_EQ(out, "2021");
  EXPECT_FALSE(ShiftDt("20XX", -1, out));
}

TEST(DateShift, Truncates)
{
  std::string out;
  ASSERT_TRUE(TruncateDa("20220315", false, out));
  EXPECT_EQ(out, "20220101");
  ASSERT_TRUE(TruncateDa("20220315", true, out));
  EXPECT_EQ(out, "20220301");
  ASSERT_TRUE(TruncateDt("20220315101612", false, out));
  EXPECT_EQ(out, "2022");
  ASSERT_TRUE(TruncateDt("20220315101612", true, out));
  EXPECT_EQ(out, "202203");
  EXPECT_FALSE(TruncateDa("2022", false, out));
}

TEST(DateShift, RecognizesUtcOffsets)
{
  for (const char* offset : {"+0000", "-0500", "+0100", "+0545", "+1400", "-1200", "-0930"})
  {
    EXPECT_TRUE(IsUtcOffset(offset)) << offset;
  }
  for (const char* text : {"", "0100", "+100", "+01:00", "+0160", "+1401", "-1201", "+2500", "-0000", "UTC+1",
                           "Europe/Berlin", " +0100", "+0100 "})
  {
    EXPECT_FALSE(IsUtcOffset(text)) << text;
  }
}
