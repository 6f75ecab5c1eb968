#include "Delivery/AttemptOutcome.h"
#include "Delivery/RetryAfter.h"
#include "Delivery/RetrySchedule.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace Ratatoskr::Delivery;
using namespace std::chrono;
using Action = RetrySchedule::Decision::Action;

namespace
{
  // 2023-11-14 22:13:20 UTC, a Tuesday.
  const system_clock::time_point Now = system_clock::time_point(seconds(1700000000));
  const seconds Day = hours(24);

  RetrySchedule::UnitRandom Fixed(double value)
  {
    return [value]() { return value; };
  }

  AttemptOutcome Classify(std::optional<int> status, const std::string& retryAfter = "")
  {
    return ClassifyAttempt(HttpAttempt{status, retryAfter}, Now, Day);
  }
}

TEST(RetrySchedule, TheStandardScheduleHasTenAttemptsOverAboutSeventyFiveHours)
{
  const auto delays = RetrySchedule::StandardDelays();
  const std::vector<seconds> expected = {seconds(0), seconds(5), minutes(5), minutes(30), hours(2),
                                         hours(5),   hours(10), hours(14), hours(20),   hours(24)};
  ASSERT_EQ(expected.size(), delays.size());
  milliseconds total(0);
  for (size_t i = 0; i < delays.size(); i++)
  {
    EXPECT_EQ(duration_cast<milliseconds>(expected[i]), delays[i]) << i;
    total += delays[i];
  }
  EXPECT_EQ(hours(75) + minutes(35) + seconds(5), total);   // the specification's "75:35:05"
}

TEST(RetrySchedule, JitterStaysWithinItsBoundAndTheFirstAttemptIsImmediate)
{
  const RetrySchedule low(RetrySchedule::StandardDelays(), 0.1, Fixed(0.0));
  const RetrySchedule high(RetrySchedule::StandardDelays(), 0.1, Fixed(0.999999));
  const RetrySchedule middle(RetrySchedule::StandardDelays(), 0.1, Fixed(0.5));
  EXPECT_EQ(milliseconds(0), low.DelayBefore(1));
  EXPECT_EQ(milliseconds(0), high.DelayBefore(1));
  EXPECT_EQ(milliseconds(4500), low.DelayBefore(2));
  EXPECT_EQ(milliseconds(5000), middle.DelayBefore(2));
  EXPECT_EQ(minutes(27), low.DelayBefore(4));
  EXPECT_EQ(minutes(30), middle.DelayBefore(4));
  EXPECT_GT(minutes(33), *high.DelayBefore(4));
  EXPECT_LT(minutes(32), *high.DelayBefore(4));
  EXPECT_FALSE(low.DelayBefore(0));
  EXPECT_FALSE(low.DelayBefore(11));

  // A faulty source is clamped to the bound.
  const RetrySchedule faulty(RetrySchedule::StandardDelays(), 0.1, Fixed(7.0));
  EXPECT_EQ(milliseconds(5500), faulty.DelayBefore(2));
  const RetrySchedule none(RetrySchedule::StandardDelays(), 0.0, Fixed(0.0));
  EXPECT_EQ(milliseconds(5000), none.DelayBefore(2));
}

TEST(RetrySchedule, TheDefaultRandomSourceKeepsDelaysInTheBound)
{
  const RetrySchedule schedule({milliseconds(0), milliseconds(1000)});
  for (int i = 0; i < 1000; i++)
  {
    const milliseconds delay = *schedule.DelayBefore(2);
    EXPECT_LE(milliseconds(900), delay);
    EXPECT_GE(milliseconds(1100), delay);
  }
}

TEST(RetrySchedule, AShrunkScheduleForTestsAndInvalidOnes)
{
  const RetrySchedule shrunk({milliseconds(0), milliseconds(10), milliseconds(20)}, 0.0);
  EXPECT_EQ(3u, shrunk.Attempts());
  EXPECT_EQ(milliseconds(20), shrunk.DelayBefore(3));
  EXPECT_THROW(RetrySchedule(std::vector<RetrySchedule::Delay>{}), std::invalid_argument);
  EXPECT_THROW(RetrySchedule({milliseconds(-1)}), std::invalid_argument);
  EXPECT_THROW(RetrySchedule({milliseconds(0)}, 0.6), std::invalid_argument);
  EXPECT_THROW(RetrySchedule({milliseconds(0)}, -0.1), std::invalid_argument);
  EXPECT_THROW(RetrySchedule({milliseconds(0)}, 0.1, nullptr), std::invalid_argument);
}

TEST(RetrySchedule, DecisionsFollowTheOutcome)
{
  const RetrySchedule schedule({milliseconds(0), seconds(5), minutes(5)}, 0.0);
  EXPECT_EQ(Action::Delivered, schedule.After(1, Classify(200)).action);
  EXPECT_EQ(Action::Delivered, schedule.After(3, Classify(204)).action);
  EXPECT_EQ(Action::DisableEndpoint, schedule.After(1, Classify(410)).action);

  const auto failed = schedule.After(1, Classify(500));
  EXPECT_EQ(Action::Retry, failed.action);
  EXPECT_EQ(milliseconds(5000), failed.delay);
  EXPECT_FALSE(failed.throttled);
  EXPECT_EQ(minutes(5), schedule.After(2, Classify(std::nullopt)).delay);
  EXPECT_EQ(Action::GiveUp, schedule.After(3, Classify(500)).action);
  EXPECT_EQ(Action::GiveUp, schedule.After(3, Classify(429, "1")).action);
  EXPECT_THROW(schedule.After(0, Classify(500)), std::invalid_argument);

  const auto throttled = schedule.After(1, Classify(502));
  EXPECT_EQ(Action::Retry, throttled.action);
  EXPECT_TRUE(throttled.throttled);
  EXPECT_EQ(milliseconds(5000), throttled.delay);
}

TEST(RetrySchedule, RetryAfterIsHonouredWhenLongerThanTheSchedule)
{
  const RetrySchedule schedule({milliseconds(0), seconds(5), minutes(5)}, 0.0);
  EXPECT_EQ(seconds(120), schedule.After(1, Classify(429, "120")).delay);
  EXPECT_EQ(seconds(5), schedule.After(1, Classify(503, "1")).delay);   // never sooner than scheduled
  EXPECT_EQ(seconds(5), schedule.After(1, Classify(504, "120")).delay); // not on 504
  EXPECT_EQ(Day, schedule.After(1, Classify(503, "999999999999999999999")).delay);  // bounded
  EXPECT_EQ(seconds(3600), schedule.After(1, Classify(503, "Tue, 14 Nov 2023 23:13:20 GMT")).delay);
}

TEST(AttemptOutcome, StatusCodesAreClassifiedAsTheSpecificationSays)
{
  for (int status : {200, 201, 202, 204, 299})
  {
    EXPECT_EQ(AttemptResult::Success, Classify(status).result) << status;
  }
  EXPECT_EQ(AttemptResult::DisableEndpoint, Classify(410).result);
  for (int status : {429, 502, 503, 504})
  {
    EXPECT_EQ(AttemptResult::Throttled, Classify(status).result) << status;
  }
  // Redirects are not followed; timeouts and connection errors (no status) are failures too.
  for (int status : {100, 199, 300, 301, 302, 307, 308, 400, 401, 403, 404, 409, 500, 501, 505, 599})
  {
    EXPECT_EQ(AttemptResult::Failed, Classify(status).result) << status;
  }
  EXPECT_EQ(AttemptResult::Failed, Classify(std::nullopt).result);
  EXPECT_STREQ("Throttled", ToString(AttemptResult::Throttled));
}

TEST(AttemptOutcome, RetryAfterCountsOnlyOn429And503)
{
  EXPECT_EQ(seconds(30), Classify(429, "30").retryAfter);
  EXPECT_EQ(seconds(30), Classify(503, " 30 ").retryAfter);
  EXPECT_FALSE(Classify(502, "30").retryAfter);
  EXPECT_FALSE(Classify(504, "30").retryAfter);
  EXPECT_FALSE(Classify(500, "30").retryAfter);
  EXPECT_FALSE(Classify(301, "30").retryAfter);
  EXPECT_FALSE(Classify(429, "soon").retryAfter);
  EXPECT_FALSE(Classify(429).retryAfter);
}

TEST(RetryAfter, DeltaSeconds)
{
  EXPECT_EQ(seconds(0), ParseRetryAfter("0", Now, Day));
  EXPECT_EQ(seconds(120), ParseRetryAfter("120", Now, Day));
  EXPECT_EQ(seconds(120), ParseRetryAfter("\t120 ", Now, Day));
  EXPECT_EQ(Day, ParseRetryAfter("86400", Now, Day));
  EXPECT_EQ(Day, ParseRetryAfter("86401", Now, Day));
  EXPECT_EQ(Day, ParseRetryAfter(std::string(400, '9'), Now, Day));
  for (const char* bad : {"", "  ", "-1", "+5", "1.5", "12 s", "0x10", "1e3"})
  {
    EXPECT_FALSE(ParseRetryAfter(bad, Now, Day)) << bad;
  }
}

TEST(RetryAfter, HttpDatesInTheirThreeForms)
{
  // RFC 9110's example date, 784111777 seconds after the epoch.
  EXPECT_EQ(784111777, ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT", Now));
  EXPECT_EQ(784111777, ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", Now));
  EXPECT_EQ(784111777, ParseHttpDate("Sun Nov  6 08:49:37 1994", Now));
  EXPECT_EQ(1700000000, ParseHttpDate("Tue, 14 Nov 2023 22:13:20 GMT", Now));
  EXPECT_EQ(1700000000, ParseHttpDate("Tuesday, 14-Nov-23 22:13:20 GMT", Now));
  EXPECT_EQ(951782400, ParseHttpDate("Tue, 29 Feb 2000 00:00:00 GMT", Now));  // a leap day
  EXPECT_EQ(0, ParseHttpDate("Thu, 01 Jan 1970 00:00:00 GMT", Now));
  // Two-digit years: at most 50 years ahead of now (2023), else the century before.
  EXPECT_EQ(ParseHttpDate("Sun, 01 Jan 2073 00:00:00 GMT", Now), ParseHttpDate("Sunday, 01-Jan-73 00:00:00 GMT", Now));
  EXPECT_EQ(ParseHttpDate("Sun, 01 Jan 1974 00:00:00 GMT", Now), ParseHttpDate("Sunday, 01-Jan-74 00:00:00 GMT", Now));

  for (const char* bad : {"Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT", "sun, 06 Nov 1994 08:49:37 GMT",
                          "Sun, 06 nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 GMT x",
                          "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 29 Feb 1900 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                          "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 00 Nov 1994 08:49:37 GMT", "Sun Nov 6 08:49:37 1994",
                          "Sun, 06-Nov-94 08:49:37 GMT", "2023-11-14T22:13:20Z"})
  {
    EXPECT_FALSE(ParseHttpDate(bad, Now)) << bad;
  }
}

TEST(RetryAfter, ADateGivesTheDelayFromNowBounded)
{
  EXPECT_EQ(seconds(3600), ParseRetryAfter("Tue, 14 Nov 2023 23:13:20 GMT", Now, Day));
  EXPECT_EQ(seconds(0), ParseRetryAfter("Tue, 14 Nov 2023 22:13:19 GMT", Now, Day));  // past
  EXPECT_EQ(seconds(0), ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", Now, Day));
  EXPECT_EQ(Day, ParseRetryAfter("Fri, 01 Jan 2100 00:00:00 GMT", Now, Day));
  EXPECT_EQ(minutes(10), ParseRetryAfter("Fri, 01 Jan 2100 00:00:00 GMT", Now, minutes(10)));
}
