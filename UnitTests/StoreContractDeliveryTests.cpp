#include "StoreContract.h"

using namespace Ratatoskr;
using namespace Ratatoskr::Tests;

TEST_P(StoreContract, DeliveryIsCreatedAndReadWithEveryField)
{
  DeliveryRecord d = MakeDelivery("d-1", 5, 1000);
  d.attempts = 2;
  d.verifiedAt = 900;
  d.attemptsSince = 50;
  d.remoteInstanceCount = 1;
  d.lastError = "HTTP 503 from the destination";
  d.instances[3].confirmed = true;
  d.batches[1].state = BatchState::Failed;
  d.batches[1].stowJobId = "stow-job";
  d.batches[1].error = "Bad credentials were provided to an HTTP request";
  store().Deliveries().Create(d);
  Reopen();

  DeliveryRecord read;
  ASSERT_TRUE(store().Deliveries().Get("d-1", read));
  EXPECT_GT(read.sequence, 0);
  EXPECT_EQ("d-1", read.id);
  EXPECT_EQ(d.study, read.study);
  EXPECT_EQ(d.studyInstanceUid, read.studyInstanceUid);
  EXPECT_EQ("pacscenter", read.destination);
  EXPECT_EQ("job-d-1", read.jobId);
  EXPECT_EQ(DeliveryState::Pending, read.state);
  EXPECT_EQ(2u, read.attempts);
  EXPECT_EQ(1000, read.nextAttemptAt);
  EXPECT_EQ(1000, read.createdAt);
  EXPECT_EQ(1000, read.updatedAt);
  EXPECT_EQ(900, read.verifiedAt);
  EXPECT_EQ(50, read.attemptsSince);
  EXPECT_EQ(1u, read.remoteInstanceCount);
  EXPECT_EQ(d.lastError, read.lastError);
  EXPECT_EQ(5u, read.instanceCount);
  EXPECT_EQ(1u, read.confirmedCount);

  ASSERT_EQ(5u, read.instances.size());  // in the order given
  for (size_t i = 0; i < 5; i++)
  {
    EXPECT_EQ(d.instances[i].sopInstanceUid, read.instances[i].sopInstanceUid);
    EXPECT_EQ(d.instances[i].orthancId, read.instances[i].orthancId);
    EXPECT_EQ(i == 3, read.instances[i].confirmed);
  }
  ASSERT_EQ(2u, read.batches.size());
  EXPECT_EQ(0u, read.batches[0].number);
  EXPECT_EQ(BatchState::Pending, read.batches[0].state);
  EXPECT_EQ(d.batches[0].instances, read.batches[0].instances);
  EXPECT_EQ(BatchState::Failed, read.batches[1].state);
  EXPECT_EQ("stow-job", read.batches[1].stowJobId);
  EXPECT_EQ(d.batches[1].error, read.batches[1].error);
  EXPECT_EQ(d.batches[1].instances, read.batches[1].instances);

  EXPECT_FALSE(store().Deliveries().Get("d-2", read));
}

TEST_P(StoreContract, DeliveryIdIsUnique)
{
  store().Deliveries().Create(MakeDelivery("d-1", 2, 1000));
  ExpectStoreError(StoreError::Kind::Constraint, [&] { store().Deliveries().Create(MakeDelivery("d-1", 1, 2000)); });
  DeliveryRecord read;
  ASSERT_TRUE(store().Deliveries().Get("d-1", read));
  EXPECT_EQ(2u, read.instances.size());  // the first one, untouched
}

TEST_P(StoreContract, DeliveryUpdateWritesProgressButKeepsTheExpectedSet)
{
  store().Deliveries().Create(MakeDelivery("d-1", 4, 1000));
  DeliveryRecord d;
  ASSERT_TRUE(store().Deliveries().Get("d-1", d));
  d.state = DeliveryState::Verifying;
  d.attempts = 1;
  d.nextAttemptAt = 5000;
  d.updatedAt = 4000;
  d.verifiedAt = 4000;
  d.attemptsSince = 3500;
  d.remoteInstanceCount = 3;
  d.lastError = "1 instance missing on the destination";
  d.instances[0].confirmed = d.instances[1].confirmed = d.instances[2].confirmed = true;
  d.instances[3].orthancId = "changed";  // not written: the set is fixed at creation
  d.batches[0].state = BatchState::Sent;
  d.batches[1].state = BatchState::Unknown;
  DeliveryBatch resend;
  resend.number = 2;
  resend.instances = {d.instances[3].orthancId};
  d.batches.push_back(resend);
  ASSERT_TRUE(store().Deliveries().Update(d));

  DeliveryRecord read;
  ASSERT_TRUE(store().Deliveries().Get("d-1", read));
  EXPECT_EQ(DeliveryState::Verifying, read.state);
  EXPECT_EQ(1u, read.attempts);
  EXPECT_EQ(5000, read.nextAttemptAt);
  EXPECT_EQ(1000, read.createdAt);
  EXPECT_EQ(4000, read.updatedAt);
  EXPECT_EQ(4000, read.verifiedAt);
  EXPECT_EQ(3500, read.attemptsSince);
  EXPECT_EQ(3u, read.remoteInstanceCount);
  EXPECT_EQ(d.lastError, read.lastError);
  EXPECT_EQ(3u, read.confirmedCount);
  EXPECT_EQ("instance-d-1-3", read.instances[3].orthancId);
  ASSERT_EQ(3u, read.batches.size());
  EXPECT_EQ(BatchState::Sent, read.batches[0].state);
  EXPECT_EQ(BatchState::Unknown, read.batches[1].state);
  EXPECT_EQ(2u, read.batches[2].number);

  DeliveryRecord unknown = MakeDelivery("d-2", 1, 1000);
  EXPECT_FALSE(store().Deliveries().Update(unknown));
  EXPECT_FALSE(store().Deliveries().Get("d-2", read));
}

TEST_P(StoreContract, DeliveriesAreListedNewestFirstByStateWithLimitAndOffset)
{
  for (int i = 1; i <= 6; i++)
  {
    DeliveryRecord d = MakeDelivery("d-" + std::to_string(i), static_cast<unsigned int>(i), 1000 + i);
    d.state = i % 2 == 0 ? DeliveryState::Delivered : DeliveryState::Failed;
    d.jobId = i <= 2 ? "job-a" : "job-b";
    store().Deliveries().Create(d);
  }
  DeliveryFilter byJob;
  byJob.jobId = "job-a";
  std::vector<DeliverySummary> ofJob = store().Deliveries().List(byJob);
  ASSERT_EQ(2u, ofJob.size());
  EXPECT_EQ("d-2", ofJob[0].id);
  byJob.state = DeliveryState::Failed;
  ofJob = store().Deliveries().List(byJob);
  ASSERT_EQ(1u, ofJob.size());
  EXPECT_EQ("d-1", ofJob[0].id);
  std::vector<DeliverySummary> all = store().Deliveries().List(DeliveryFilter());
  ASSERT_EQ(6u, all.size());
  EXPECT_EQ("d-6", all.front().id);
  EXPECT_EQ(6u, all.front().instanceCount);
  EXPECT_EQ("d-1", all.back().id);

  DeliveryFilter delivered;
  delivered.state = DeliveryState::Delivered;
  std::vector<DeliverySummary> some = store().Deliveries().List(delivered);
  ASSERT_EQ(3u, some.size());
  EXPECT_EQ("d-6", some[0].id);
  EXPECT_EQ("d-2", some[2].id);

  delivered.limit = 1;
  delivered.offset = 1;
  some = store().Deliveries().List(delivered);
  ASSERT_EQ(1u, some.size());
  EXPECT_EQ("d-4", some[0].id);

  EXPECT_EQ(3u, store().Deliveries().Count(DeliveryState::Delivered));
  EXPECT_EQ(3u, store().Deliveries().Count(DeliveryState::Failed));
  EXPECT_EQ(0u, store().Deliveries().Count(DeliveryState::Pending));
}

TEST_P(StoreContract, ClaimDueTakesUnfinishedDueDeliveriesLongestDueFirstAndLeasesThem)
{
  const DeliveryState states[] = {DeliveryState::Pending, DeliveryState::Sending, DeliveryState::Verifying,
                                  DeliveryState::Delivered, DeliveryState::Failed, DeliveryState::Canceled};
  StoreTime due = 500;
  for (DeliveryState state : states)
  {
    DeliveryRecord d = MakeDelivery(ToString(state), 1, 100);
    d.state = state;
    d.nextAttemptAt = due;
    due -= 100;  // created later, due earlier
    store().Deliveries().Create(d);
  }
  DeliveryRecord later = MakeDelivery("later", 1, 100);
  later.nextAttemptAt = 2000;
  store().Deliveries().Create(later);

  std::vector<DeliveryRecord> claimed = store().Deliveries().ClaimDue(1000, 61000, 10);
  ASSERT_EQ(3u, claimed.size());  // not the finished ones, not the one due later
  EXPECT_EQ("Verifying", claimed[0].id);  // due at 300
  EXPECT_EQ("Sending", claimed[1].id);    // 400
  EXPECT_EQ("Pending", claimed[2].id);    // 500
  EXPECT_EQ(61000, claimed[0].nextAttemptAt);
  EXPECT_EQ(1u, claimed[0].instances.size());  // whole records
  EXPECT_EQ(2u, claimed[0].batches.size());

  EXPECT_TRUE(store().Deliveries().ClaimDue(1000, 61000, 10).empty());  // leased
  claimed = store().Deliveries().ClaimDue(2000, 62000, 10);
  ASSERT_EQ(1u, claimed.size());
  EXPECT_EQ("later", claimed[0].id);
  // The lease has passed: due again; all three at the same time now, so by creation, and limited.
  claimed = store().Deliveries().ClaimDue(61000, 120000, 2);
  ASSERT_EQ(2u, claimed.size());
  EXPECT_EQ("Pending", claimed[0].id);
  EXPECT_EQ("Sending", claimed[1].id);
}

TEST_P(StoreContract, ReleaseClaimsMakesClaimedDeliveriesDueAsBeforeTheirClaim)
{
  DeliveryRecord a = MakeDelivery("d-a", 1, 100);
  a.nextAttemptAt = 500;
  store().Deliveries().Create(a);
  DeliveryRecord b = MakeDelivery("d-b", 1, 100);
  b.nextAttemptAt = 600;
  store().Deliveries().Create(b);
  ASSERT_EQ(2u, store().Deliveries().ClaimDue(1000, 61000, 10).size());
  DeliveryRecord read;
  ASSERT_TRUE(store().Deliveries().Get("d-b", read));
  read.nextAttemptAt = 1500;
  store().Deliveries().Update(read);  // its step ended: no longer claimed

  EXPECT_EQ(1u, store().Deliveries().ReleaseClaims(2000));
  ASSERT_TRUE(store().Deliveries().Get("d-a", read));
  EXPECT_EQ(500, read.nextAttemptAt);
  ASSERT_TRUE(store().Deliveries().Get("d-b", read));
  EXPECT_EQ(1500, read.nextAttemptAt);
  EXPECT_EQ(2u, store().Deliveries().ClaimDue(2000, 62000, 10).size());
}
