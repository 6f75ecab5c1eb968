#include "Delivery/DeliveryStepper.h"
#include "FakeOrthancGateway.h"

#include <gtest/gtest.h>

using namespace Ratatoskr;
using namespace Ratatoskr::Delivery;

namespace
{
  DeliveryRecord MakeDelivery(FakeOrthancGateway& orthanc, unsigned int count, std::uint64_t size = 1000)
  {
    DeliveryRecord d;
    d.id = "d1";
    d.study = "study";
    d.studyInstanceUid = "2.25.1";
    d.destination = "pacscenter";
    d.createdAt = 1000;
  d.attemptsSince = 1000;
    for (unsigned int i = 0; i < count; i++)
    {
      const std::string id = "i" + std::to_string(i);
      orthanc.AddInstance(id, "study", "2.25.1." + std::to_string(i), size);
      ExpectedInstance e;
      e.orthancId = id;
      e.sopInstanceUid = "2.25.1." + std::to_string(i);
      d.instances.push_back(e);
    }
    return d;
  }

  DeliveryPolicy Policy()
  {
    DeliveryPolicy p;
    p.dicomWebServer = "pacscenter";
    p.batchMaxInstances = 2;
    p.parallelBatches = 2;
    p.attempts = 3;
    p.retryDelay = 1000;
    return p;
  }
}

TEST(DeliveryStepper, SendsInBoundedParallelBatchesThenVerifies)
{
  FakeOrthancGateway orthanc;
  DeliveryRecord d = MakeDelivery(orthanc, 5);
  const DeliveryStepper stepper(orthanc, nullptr);
  const DeliveryPolicy policy = Policy();

  EXPECT_EQ(DeliveryEvent::None, stepper.Advance(d, policy, 2000));
  EXPECT_EQ(DeliveryState::Sending, d.state);
  EXPECT_EQ(1u, d.attempts);
  ASSERT_EQ(3u, d.batches.size());            // 2 + 2 + 1
  EXPECT_EQ(2u, orthanc.stowed.size());        // two in flight, the third waits
  EXPECT_EQ(2000 + policy.pollInterval, d.nextAttemptAt);

  orthanc.FinishStows(true);
  EXPECT_EQ(DeliveryEvent::None, stepper.Advance(d, policy, 3000));
  EXPECT_EQ(3u, orthanc.stowed.size());
  orthanc.FinishStows(true);
  EXPECT_EQ(DeliveryEvent::Delivered, stepper.Advance(d, policy, 4000));
  EXPECT_EQ(DeliveryState::Delivered, d.state);
  EXPECT_EQ(5u, d.remoteInstanceCount);
  EXPECT_EQ(5u, d.confirmedCount);
  for (const ExpectedInstance& i : d.instances)
  {
    EXPECT_TRUE(i.confirmed);
  }
}

TEST(DeliveryStepper, OnlyWhatIsMissingIsSentAgainAndAFailedStowIsNeverResubmitted)
{
  FakeOrthancGateway orthanc;
  DeliveryRecord d = MakeDelivery(orthanc, 4);
  orthanc.remote = {"2.25.1.0", "2.25.1.1"};  // already there (a first attempt that was cut short)
  const DeliveryStepper stepper(orthanc, [] { return 0.0; });
  const DeliveryPolicy policy = Policy();
  d.instances[0].confirmed = d.instances[1].confirmed = true;

  stepper.Advance(d, policy, 2000);
  ASSERT_EQ(1u, orthanc.stowed.size());
  EXPECT_EQ((std::vector<std::string>{"i2", "i3"}), orthanc.stowed[0]);

  orthanc.FinishStows(false, "Bad credentials were provided to an HTTP request");
  EXPECT_EQ(DeliveryEvent::None, stepper.Advance(d, policy, 3000));
  EXPECT_EQ(DeliveryState::Pending, d.state);
  EXPECT_EQ("Bad credentials were provided to an HTTP request; 2 of 4 instances are not on the destination",
            d.lastError);
  EXPECT_EQ(3000 + 1000, d.nextAttemptAt);

  // The next attempt posts a new job for the same two instances; the failed job is left alone.
  stepper.Advance(d, policy, 4000);
  ASSERT_EQ(2u, orthanc.stowed.size());
  EXPECT_EQ((std::vector<std::string>{"i2", "i3"}), orthanc.stowed[1]);
  EXPECT_EQ("Failure", orthanc.jobs["stow-0"].state);
  orthanc.FinishStows(true);
  EXPECT_EQ(DeliveryEvent::Delivered, stepper.Advance(d, policy, 5000));
  EXPECT_EQ("", d.lastError);
}

TEST(DeliveryStepper, ALaterAttemptAsksTheDestinationFirstWhenItsLastCheckFailed)
{
  // Credentials refused: every STOW fails and the destination cannot be checked either, so no instance was
  // ever confirmed. Meanwhile two of them reached it (an earlier batch, another route). The admin's retry must
  // send only the other two.
  FakeOrthancGateway orthanc;
  DeliveryRecord d = MakeDelivery(orthanc, 4);
  const DeliveryStepper stepper(orthanc, [] { return 0.0; });
  DeliveryPolicy policy = Policy();
  policy.attempts = 1;
  orthanc.remoteDown = true;
  stepper.Advance(d, policy, 2000);
  ASSERT_EQ(2u, orthanc.stowed.size());
  orthanc.FinishStows(false, "Bad credentials were provided to an HTTP request");
  EXPECT_EQ(DeliveryEvent::Failed, stepper.Advance(d, policy, 3000));
  EXPECT_EQ(0u, d.confirmedCount);

  orthanc.remoteDown = false;
  orthanc.remote = {"2.25.1.0", "2.25.1.2"};
  d.state = DeliveryState::Pending;  // what DeliveryService::Retry does
  d.attempts = 0;
  d.attemptsSince = 4000;
  stepper.Advance(d, policy, 4000);
  ASSERT_EQ(3u, orthanc.stowed.size());
  EXPECT_EQ((std::vector<std::string>{"i1", "i3"}), orthanc.stowed[2]);
  EXPECT_EQ(2u, d.confirmedCount);
  orthanc.FinishStows(true);
  EXPECT_EQ(DeliveryEvent::Delivered, stepper.Advance(d, policy, 5000));
  EXPECT_EQ(4u, d.confirmedCount);
}

TEST(DeliveryStepper, ARetryOfWhatIsAlreadyThereSendsNothing)
{
  FakeOrthancGateway orthanc;
  DeliveryRecord d = MakeDelivery(orthanc, 2);
  const DeliveryStepper stepper(orthanc, [] { return 0.0; });
  DeliveryPolicy policy = Policy();
  policy.attempts = 1;
  orthanc.remoteDown = true;
  stepper.Advance(d, policy, 2000);
  orthanc.FinishStows(false, "Bad credentials were provided to an HTTP request");
  EXPECT_EQ(DeliveryEvent::Failed, stepper.Advance(d, policy, 3000));

  orthanc.remoteDown = false;
  orthanc.remote = {"2.25.1.0", "2.25.1.1"};
  d.state = DeliveryState::Pending;
  d.attempts = 0;
  EXPECT_EQ(DeliveryEvent::Delivered, stepper.Advance(d, policy, 4000));
  EXPECT_EQ(1u, orthanc.stowed.size());  // the first attempt's only
  EXPECT_TRUE(d.batches.empty());
}

TEST(DeliveryStepper, AFirstAttemptDoesNotAskBeforeSending)
{
  FakeOrthancGateway orthanc;
  DeliveryRecord d = MakeDelivery(orthanc, 2);
  orthanc.remote = {"2.25.1.0"};  // not asked: a first attempt sends everything it was given
  const DeliveryStepper stepper(orthanc, nullptr);
  stepper.Advance(d, Policy(), 2000);
  ASSERT_EQ(1u, orthanc.stowed.size());
  EXPECT_EQ(2u, orthanc.stowed[0].size());
  EXPECT_EQ(0u, d.verifiedAt);
}

TEST(DeliveryStepper, AVanishedStowJobMeansVerify)
{
  FakeOrthancGateway orthanc;
  DeliveryRecord d = MakeDelivery(orthanc, 2);
  const DeliveryStepper stepper(orthanc, nullptr);
  stepper.Advance(d, Policy(), 2000);
  ASSERT_EQ(1u, orthanc.stowed.size());
  // Orthanc restarted: the STOW job is gone, but it had sent everything.
  orthanc.remote = {"2.25.1.0", "2.25.1.1"};
  orthanc.jobs.clear();
  EXPECT_EQ(DeliveryEvent::Delivered, stepper.Advance(d, Policy(), 3000));
  EXPECT_EQ(BatchState::Unknown, d.batches[0].state);
}

TEST(DeliveryStepper, GivesUpAfterTheLastAttemptWithTheReason)
{
  FakeOrthancGateway orthanc;
  DeliveryRecord d = MakeDelivery(orthanc, 1);
  orthanc.stowRefused = true;
  const DeliveryStepper stepper(orthanc, nullptr);
  DeliveryPolicy policy = Policy();
  StoreTime now = 2000;
  EXPECT_EQ(DeliveryEvent::None, stepper.Advance(d, policy, now));
  EXPECT_EQ(DeliveryEvent::None, stepper.Advance(d, policy, now = d.nextAttemptAt));
  EXPECT_EQ(2000 + 1000 + 2000, d.nextAttemptAt);  // the delay doubles
  EXPECT_EQ(DeliveryEvent::Failed, stepper.Advance(d, policy, now = d.nextAttemptAt));
  EXPECT_EQ(DeliveryState::Failed, d.state);
  EXPECT_EQ(3u, d.attempts);
  EXPECT_NE(std::string::npos, d.lastError.find("did not start a STOW-RS job to \"pacscenter\""));
}

TEST(DeliveryStepper, MaxAgeEndsRetries)
{
  FakeOrthancGateway orthanc;
  DeliveryRecord d = MakeDelivery(orthanc, 1);
  orthanc.remoteDown = true;
  orthanc.autoComplete = true;
  const DeliveryStepper stepper(orthanc, nullptr);
  DeliveryPolicy policy = Policy();
  policy.attempts = 100;
  policy.maxAge = 10000;
  EXPECT_EQ(DeliveryEvent::None, stepper.Advance(d, policy, 2000));
  EXPECT_EQ(DeliveryEvent::None, stepper.Advance(d, policy, 3000));  // STOW done: verify fails, retry
  EXPECT_NE(std::string::npos, d.lastError.find("the destination could not be checked"));
  // Past MaxAge: the attempt that was due still runs, and no other is scheduled after it.
  EXPECT_EQ(DeliveryEvent::None, stepper.Advance(d, policy, 11001));
  EXPECT_EQ(DeliveryEvent::Failed, stepper.Advance(d, policy, 11002));
  EXPECT_EQ(2u, d.attempts);
}

TEST(DeliveryStepper, AnInstanceGoneFromOrthancFailsAtOnce)
{
  FakeOrthancGateway orthanc;
  DeliveryRecord d = MakeDelivery(orthanc, 2);
  orthanc.instances.erase("i1");
  const DeliveryStepper stepper(orthanc, nullptr);
  EXPECT_EQ(DeliveryEvent::Failed, stepper.Advance(d, Policy(), 2000));
  EXPECT_EQ("instance i1 of the anonymized study is no longer in Orthanc: anonymize the study again, then "
            "deliver it", d.lastError);
  EXPECT_TRUE(orthanc.stowed.empty());
}

TEST(DeliveryPolicy, RetryDelayDoublesCapsAndJitters)
{
  DeliveryPolicy p;
  p.retryDelay = 1000;
  p.maxRetryDelay = 5000;
  EXPECT_EQ(1000, RetryDelay(p, 1, 0));
  EXPECT_EQ(2000, RetryDelay(p, 2, 0));
  EXPECT_EQ(4000, RetryDelay(p, 3, 0));
  EXPECT_EQ(5000, RetryDelay(p, 4, 0));
  EXPECT_EQ(5000, RetryDelay(p, 40, 0));
  EXPECT_EQ(1200, RetryDelay(p, 1, 1));
  EXPECT_EQ(800, RetryDelay(p, 1, -5));
}
