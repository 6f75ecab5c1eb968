// What the metrics read of the store (MetricsReporter): counts by state and the oldest unfinished item.
#include "StoreContract.h"

using namespace Ratatoskr;
using namespace Ratatoskr::Tests;

namespace
{
  void SetDeliveryState(Store& store, const std::string& id, DeliveryState state)
  {
    DeliveryRecord d;
    ASSERT_TRUE(store.Deliveries().Get(id, d));
    d.state = state;
    ASSERT_TRUE(store.Deliveries().Update(d));
  }

  void SetEventState(Store& store, const std::string& id, OutboxState state)
  {
    OutboxEntry e;
    ASSERT_TRUE(store.Outbox().Get(id, e));
    e.state = state;
    ASSERT_TRUE(store.Outbox().Update(e));
  }

  JobRecord Job(const std::string& id, const std::string& state)
  {
    JobRecord job;
    job.id = id;
    job.type = "Anonymize";
    job.state = state;
    job.createdAt = job.updatedAt = "2026-12-01T10:00:00Z";
    job.document["Profile"] = "basic";
    return job;
  }
}

TEST_P(StoreContract, EmptyStatisticsCountNothingAndHaveNoOldestItem)
{
  const DeliveryStatistics deliveries = store().Deliveries().Statistics();
  EXPECT_EQ(0u, deliveries.Unfinished());
  EXPECT_EQ(0u, deliveries.Count(DeliveryState::Failed));
  EXPECT_EQ(0, deliveries.oldestUnfinishedCreatedAt);
  const OutboxStatistics outbox = store().Outbox().Statistics();
  EXPECT_EQ(0u, outbox.Count(OutboxState::Pending));
  EXPECT_EQ(0, outbox.oldestPendingCreatedAt);
  EXPECT_TRUE(store().JobAudit().CountByState().empty());
}

TEST_P(StoreContract, DeliveryStatisticsCountEachStateAndDateTheOldestUnfinishedOne)
{
  // Created at 100 (Failed), 200 (Delivered), 300 (Canceled): finished, older than every unfinished one.
  const DeliveryState finished[] = {DeliveryState::Failed, DeliveryState::Delivered, DeliveryState::Canceled};
  StoreTime created = 100;
  for (DeliveryState state : finished)
  {
    DeliveryRecord d = MakeDelivery(ToString(state), 1, created);
    d.state = state;
    store().Deliveries().Create(d);
    created += 100;
  }
  store().Deliveries().Create(MakeDelivery("verifying", 2, 700));
  SetDeliveryState(store(), "verifying", DeliveryState::Verifying);
  store().Deliveries().Create(MakeDelivery("sending", 1, 500));
  SetDeliveryState(store(), "sending", DeliveryState::Sending);
  store().Deliveries().Create(MakeDelivery("pending-1", 1, 900));
  store().Deliveries().Create(MakeDelivery("pending-2", 3, 600));
  DeliveryRecord failed = MakeDelivery("failed-2", 1, 50);
  failed.state = DeliveryState::Failed;
  store().Deliveries().Create(failed);

  DeliveryStatistics s = store().Deliveries().Statistics();
  EXPECT_EQ(2u, s.Count(DeliveryState::Pending));
  EXPECT_EQ(1u, s.Count(DeliveryState::Sending));
  EXPECT_EQ(1u, s.Count(DeliveryState::Verifying));
  EXPECT_EQ(2u, s.Count(DeliveryState::Failed));
  EXPECT_EQ(1u, s.Count(DeliveryState::Delivered));
  EXPECT_EQ(1u, s.Count(DeliveryState::Canceled));
  EXPECT_EQ(4u, s.Unfinished());  // instances do not count, deliveries do
  EXPECT_EQ(500, s.oldestUnfinishedCreatedAt);  // "sending": the older Failed ones do not count

  // The oldest unfinished one arrives, then every other one ends too.
  SetDeliveryState(store(), "sending", DeliveryState::Delivered);
  s = store().Deliveries().Statistics();
  EXPECT_EQ(3u, s.Unfinished());
  EXPECT_EQ(2u, s.Count(DeliveryState::Delivered));
  EXPECT_EQ(600, s.oldestUnfinishedCreatedAt);
  SetDeliveryState(store(), "pending-1", DeliveryState::Failed);
  SetDeliveryState(store(), "pending-2", DeliveryState::Canceled);
  SetDeliveryState(store(), "verifying", DeliveryState::Delivered);
  s = store().Deliveries().Statistics();
  EXPECT_EQ(0u, s.Unfinished());
  EXPECT_EQ(0, s.oldestUnfinishedCreatedAt);
  EXPECT_EQ(3u, s.Count(DeliveryState::Failed));
  EXPECT_EQ(3u, s.Count(DeliveryState::Delivered));
  EXPECT_EQ(2u, s.Count(DeliveryState::Canceled));
}

TEST_P(StoreContract, OutboxStatisticsCountEachStateAndDateTheOldestPendingEntry)
{
  store().Outbox().Enqueue(MakeEvent("msg_failed", "django", "case-1", 100));
  store().Outbox().Enqueue(MakeEvent("msg_disabled", "gone", "case-1", 200));
  store().Outbox().Enqueue(MakeEvent("msg_delivered", "django", "case-2", 300));
  store().Outbox().Enqueue(MakeEvent("msg_late", "django", "case-3", 900));
  store().Outbox().Enqueue(MakeEvent("msg_early", "django", "", 400));
  SetEventState(store(), "msg_failed", OutboxState::Failed);
  SetEventState(store(), "msg_disabled", OutboxState::Disabled);
  SetEventState(store(), "msg_delivered", OutboxState::Delivered);

  OutboxStatistics s = store().Outbox().Statistics();
  EXPECT_EQ(2u, s.Count(OutboxState::Pending));
  EXPECT_EQ(1u, s.Count(OutboxState::Failed));
  EXPECT_EQ(1u, s.Count(OutboxState::Disabled));
  EXPECT_EQ(1u, s.Count(OutboxState::Delivered));
  EXPECT_EQ(400, s.oldestPendingCreatedAt);  // a Disabled entry waits too, but is counted apart

  // A retry does not make an entry younger: its creation counts, not its next attempt.
  OutboxEntry early;
  ASSERT_TRUE(store().Outbox().Get("msg_early", early));
  early.attempts = 3;
  early.nextAttemptAt = 5000;
  early.updatedAt = 4000;
  ASSERT_TRUE(store().Outbox().Update(early));
  EXPECT_EQ(400, store().Outbox().Statistics().oldestPendingCreatedAt);

  SetEventState(store(), "msg_early", OutboxState::Delivered);
  EXPECT_EQ(900, store().Outbox().Statistics().oldestPendingCreatedAt);
  EXPECT_EQ(2u, store().Outbox().MoveWebhookEntries("django", OutboxState::Pending, OutboxState::Disabled, 0, 950) +
                store().Outbox().MoveWebhookEntries("gone", OutboxState::Disabled, OutboxState::Pending, 950, 950));
  s = store().Outbox().Statistics();
  EXPECT_EQ(1u, s.Count(OutboxState::Pending));  // msg_disabled, enabled again
  EXPECT_EQ(1u, s.Count(OutboxState::Disabled));  // msg_late, disabled
  EXPECT_EQ(200, s.oldestPendingCreatedAt);
}

TEST_P(StoreContract, JobAuditIsCountedByItsLatestState)
{
  store().JobAudit().Save(Job("job-1", "Running"));
  store().JobAudit().Save(Job("job-2", "Running"));
  store().JobAudit().Save(Job("job-3", "Failure"));
  store().JobAudit().Save(Job("job-4", "Success"));
  store().JobAudit().Save(Job("job-5", "Paused"));
  EXPECT_EQ((std::map<std::string, unsigned int>{{"Failure", 1}, {"Paused", 1}, {"Running", 2}, {"Success", 1}}),
            store().JobAudit().CountByState());

  store().JobAudit().Save(Job("job-1", "Failure"));  // replaced: counted once, in its new state
  store().JobAudit().Save(Job("job-3", "Success"));  // resubmitted and done
  Reopen();
  EXPECT_EQ((std::map<std::string, unsigned int>{{"Failure", 1}, {"Paused", 1}, {"Running", 1}, {"Success", 2}}),
            store().JobAudit().CountByState());
}

TEST_P(StoreContract, StatisticsOfEveryAggregateAreReadTogetherInOneRead)
{
  store().Transaction([&](StoreSession& s)
  {
    s.JobAudit().Save(Job("job-1", "Running"));
    s.Deliveries().Create(MakeDelivery("d-1", 2, 1000));
    s.Outbox().Enqueue(MakeEvent("msg_1", "django", "d-1", 2000));
  });
  DeliveryStatistics deliveries;
  OutboxStatistics outbox;
  std::map<std::string, unsigned int> jobs;
  store().Read([&](StoreSession& s)
  {
    deliveries = s.Deliveries().Statistics();
    outbox = s.Outbox().Statistics();
    jobs = s.JobAudit().CountByState();
  });
  EXPECT_EQ(1u, deliveries.Unfinished());
  EXPECT_EQ(1000, deliveries.oldestUnfinishedCreatedAt);
  EXPECT_EQ(1u, outbox.Count(OutboxState::Pending));
  EXPECT_EQ(2000, outbox.oldestPendingCreatedAt);
  EXPECT_EQ(1u, jobs["Running"]);
}
