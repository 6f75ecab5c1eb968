#include "Delivery/BatchPlan.h"
#include "Delivery/RemoteInstanceSet.h"
#include "Delivery/StowOutcome.h"

#include <gtest/gtest.h>

using namespace Ratatoskr;
using namespace Ratatoskr::Delivery;

TEST(BatchPlan, BoundsInstancesAndBytes)
{
  using Batches = std::vector<std::vector<size_t>>;
  EXPECT_EQ((Batches{{0, 1}, {2, 3}, {4}}), PlanBatches({1, 1, 1, 1, 1}, 2, 100));
  EXPECT_EQ((Batches{{0, 1}, {2, 3, 4}}), PlanBatches({40, 50, 30, 10, 10}, 10, 100));
  EXPECT_EQ((Batches{{0}, {1, 2}}), PlanBatches({60, 50, 50}, 10, 100));
  EXPECT_EQ((Batches{{0}, {1}, {2}}), PlanBatches({10, 500, 10}, 10, 100));  // too large alone, never dropped
  EXPECT_EQ(Batches{}, PlanBatches({}, 10, 100));
  EXPECT_EQ((Batches{{0}, {1}}), PlanBatches({1, 1}, 0, 100));  // 0 means 1
}

TEST(RemoteInstanceSet, ReadsTheSopInstanceUids)
{
  const std::string answer = R"([{"00080018": {"vr": "UI", "Value": ["1.2.3"]}},
                                 {"00080018": {"vr": "UI", "Value": ["1.2.4"]}, "0020000D": {"vr": "UI"}}])";
  EXPECT_EQ((std::set<std::string>{"1.2.3", "1.2.4"}), ParseRemoteSopInstanceUids(answer));
  EXPECT_TRUE(ParseRemoteSopInstanceUids("").empty());
  EXPECT_TRUE(ParseRemoteSopInstanceUids(" \n").empty());
  EXPECT_TRUE(ParseRemoteSopInstanceUids("[]").empty());
  EXPECT_THROW(ParseRemoteSopInstanceUids("{}"), RemoteAnswerError);
  EXPECT_THROW(ParseRemoteSopInstanceUids("<html>"), RemoteAnswerError);
  EXPECT_THROW(ParseRemoteSopInstanceUids(R"([{"00080018": {"vr": "UI"}}])"), RemoteAnswerError);
}

TEST(StowOutcome, ReadsTheDicomWebJob)
{
  EXPECT_EQ(StowState::Unknown, InterpretStowJob(std::nullopt).state);
  OrthancJobStatus job;
  for (const char* running : {"Pending", "Running", "Paused", "Retry"})
  {
    job.state = running;
    EXPECT_EQ(StowState::Running, InterpretStowJob(job).state);
  }
  job.state = "Success";
  EXPECT_EQ(StowState::Sent, InterpretStowJob(job).state);

  job.state = "Failure";
  job.errorDescription = "Error encountered within the plugin engine";
  job.content["FunctionErrorCode"] = 29;
  job.content["FunctionErrorDescription"] = "Bad credentials were provided to an HTTP request";
  StowOutcome failed = InterpretStowJob(job);
  EXPECT_EQ(StowState::Failed, failed.state);
  EXPECT_EQ("Bad credentials were provided to an HTTP request", failed.reason);

  job.content["FunctionErrorDetails"] = "The STOW-RS server was only able to receive 2 instances out of 3";
  EXPECT_EQ("Bad credentials were provided to an HTTP request (The STOW-RS server was only able to receive 2 "
            "instances out of 3)", InterpretStowJob(job).reason);
  job.content = Json::objectValue;
  EXPECT_EQ("Error encountered within the plugin engine", InterpretStowJob(job).reason);
}
