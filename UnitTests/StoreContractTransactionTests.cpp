#include "StoreContract.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <set>
#include <stdexcept>
#include <thread>

using namespace Ratatoskr;
using namespace Ratatoskr::Tests;

namespace
{
  JobRecord FinishedJob(const std::string& id)
  {
    JobRecord job;
    job.id = id;
    job.type = "AnonymizeAndSend";
    job.state = "Success";
    job.createdAt = job.updatedAt = "2026-12-01T10:00:00Z";
    return job;
  }
}

TEST_P(StoreContract, TransactionCommitsTheWritesOfSeveralAggregatesTogether)
{
  // The end of a job and its delivery record...
  store().Transaction([&](StoreSession& s)
  {
    s.JobAudit().Save(FinishedJob("job-1"));
    s.Deliveries().Create(MakeDelivery("d-1", 3, 1000));
  });
  // ...then a delivery's state change and the event it emits, reading inside the transaction what it wrote.
  store().Transaction([&](StoreSession& s)
  {
    DeliveryRecord d;
    ASSERT_TRUE(s.Deliveries().Get("d-1", d));
    d.state = DeliveryState::Delivered;
    s.Deliveries().Update(d);
    s.Outbox().Enqueue(MakeEvent("msg_1", "django", "d-1", 2000));
    ASSERT_TRUE(s.Deliveries().Get("d-1", d));
    EXPECT_EQ(DeliveryState::Delivered, d.state);
  });
  Reopen();

  JobRecord job;
  EXPECT_TRUE(store().JobAudit().Get("job-1", job));
  DeliveryRecord d;
  ASSERT_TRUE(store().Deliveries().Get("d-1", d));
  EXPECT_EQ(DeliveryState::Delivered, d.state);
  OutboxEntry e;
  EXPECT_TRUE(store().Outbox().Get("msg_1", e));
}

TEST_P(StoreContract, ATransactionThatThrowsLeavesNothingWritten)
{
  store().Settings().Set("Secret", "before");
  EXPECT_THROW(store().Transaction([&](StoreSession& s)
  {
    s.Settings().Set("Secret", "after");
    s.JobAudit().Save(FinishedJob("job-1"));
    s.Deliveries().Create(MakeDelivery("d-1", 3, 1000));
    s.Outbox().Enqueue(MakeEvent("msg_1", "django", "d-1", 2000));
    throw std::runtime_error("the caller's own failure");
  }), std::runtime_error);
  Reopen();

  std::string secret;
  ASSERT_TRUE(store().Settings().Get("Secret", secret));
  EXPECT_EQ("before", secret);
  JobRecord job;
  EXPECT_FALSE(store().JobAudit().Get("job-1", job));
  DeliveryRecord d;
  EXPECT_FALSE(store().Deliveries().Get("d-1", d));
  OutboxEntry e;
  EXPECT_FALSE(store().Outbox().Get("msg_1", e));
  EXPECT_EQ(0u, store().Outbox().Count(OutboxState::Pending));
}

TEST_P(StoreContract, AStoreErrorInsideATransactionRollsItBackEvenWhenCaught)
{
  store().Deliveries().Create(MakeDelivery("d-1", 1, 1000));
  ExpectStoreError(StoreError::Kind::Constraint, [&]
  {
    store().Transaction([&](StoreSession& s)
    {
      s.Outbox().Enqueue(MakeEvent("msg_1", "django", "d-1", 2000));
      try
      {
        s.Deliveries().Create(MakeDelivery("d-1", 1, 1000));
      }
      catch (const StoreError&)
      {
        // swallowed: the transaction is lost all the same
      }
    });
  });
  OutboxEntry e;
  EXPECT_FALSE(store().Outbox().Get("msg_1", e));
  store().Outbox().Enqueue(MakeEvent("msg_1", "django", "d-1", 2000));  // the store works on
  EXPECT_TRUE(store().Outbox().Get("msg_1", e));
}

TEST_P(StoreContract, TheStoreItselfCannotBeUsedInsideItsOwnTransaction)
{
  ExpectStoreError(StoreError::Kind::Other, [&]
  {
    store().Transaction([&](StoreSession&)
    {
      std::string value;
      store().Settings().Get("Secret", value);  // would wait for this very transaction
    });
  });
  ExpectStoreError(StoreError::Kind::Other, [&]
  {
    store().Read([&](StoreSession&) { store().Transaction([](StoreSession&) {}); });
  });
  store().Settings().Set("Secret", "works");
}

TEST_P(StoreContract, ReadSeesSeveralAggregatesAtOnce)
{
  store().Transaction([&](StoreSession& s)
  {
    s.Deliveries().Create(MakeDelivery("d-1", 2, 1000));
    s.Outbox().Enqueue(MakeEvent("msg_1", "django", "d-1", 2000));
  });
  unsigned int deliveries = 0, events = 0;
  store().Read([&](StoreSession& s)
  {
    deliveries = s.Deliveries().Count(DeliveryState::Pending);
    events = s.Outbox().Count(OutboxState::Pending);
  });
  EXPECT_EQ(1u, deliveries);
  EXPECT_EQ(1u, events);
}

TEST_P(StoreContract, ReadsNeitherWaitForAnOpenTransactionNorSeeItsWrites)
{
  store().Settings().Set("Secret", "committed");
  std::promise<void> written, readDone;
  std::thread writer([&]
  {
    store().Transaction([&](StoreSession& s)
    {
      s.Settings().Set("Secret", "uncommitted");
      s.Outbox().Enqueue(MakeEvent("msg_1", "django", "", 1000));
      written.set_value();
      readDone.get_future().wait();  // stays open until the reader is done
    });
  });
  written.get_future().wait();
  auto read = std::async(std::launch::async, [&]
  {
    std::string value;
    OutboxEntry e;
    store().Settings().Get("Secret", value);
    return value + (store().Outbox().Get("msg_1", e) ? " + event" : "");
  });
  // A generous bound, only so that a reader that waits for the writer fails instead of hanging.
  const bool answered = read.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
  readDone.set_value();
  writer.join();
  ASSERT_TRUE(answered) << "the read waited for the open transaction";
  EXPECT_EQ("committed", read.get());
  std::string value;
  store().Settings().Get("Secret", value);
  EXPECT_EQ("uncommitted", value);  // committed by now
}

TEST_P(StoreContract, TransactionsOfTwoThreadsDoNotLoseUpdates)
{
  store().Settings().Set("Counter", "0");
  const int perThread = 200;
  auto increment = [&]
  {
    for (int i = 0; i < perThread; i++)
    {
      store().Transaction([&](StoreSession& s)
      {
        std::string value;
        s.Settings().Get("Counter", value);
        s.Settings().Set("Counter", std::to_string(std::stoi(value) + 1));
      });
    }
  };
  std::thread first(increment), second(increment);
  first.join();
  second.join();
  std::string value;
  ASSERT_TRUE(store().Settings().Get("Counter", value));
  EXPECT_EQ(std::to_string(2 * perThread), value);
}

TEST_P(StoreContract, TwoWorkersClaimingTheOutboxTakeEachEventOnce)
{
  const int events = 300;
  store().Transaction([&](StoreSession& s)
  {
    for (int i = 0; i < events; i++)
    {
      s.Outbox().Enqueue(MakeEvent("msg_" + std::to_string(i), "django", "", 100 + i % 7));
    }
  });
  auto work = [&](std::vector<std::string>& taken)
  {
    for (;;)
    {
      std::vector<OutboxEntry> claimed = store().Outbox().ClaimDue(1000, 1000000, 7);
      if (claimed.empty())
      {
        return;
      }
      for (const OutboxEntry& e : claimed)
      {
        taken.push_back(e.id);
      }
      store().Outbox().List(OutboxFilter());  // a reader between the writers
    }
  };
  std::vector<std::string> takenByFirst, takenBySecond;
  std::thread first(work, std::ref(takenByFirst)), second(work, std::ref(takenBySecond));
  first.join();
  second.join();

  std::set<std::string> all(takenByFirst.begin(), takenByFirst.end());
  for (const std::string& id : takenBySecond)
  {
    EXPECT_TRUE(all.insert(id).second) << id << " taken twice";
  }
  EXPECT_EQ(static_cast<size_t>(events), all.size());
  EXPECT_EQ(static_cast<size_t>(events), takenByFirst.size() + takenBySecond.size());
}
