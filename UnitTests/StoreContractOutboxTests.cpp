#include "StoreContract.h"

#include <algorithm>

using namespace Ratatoskr;
using namespace Ratatoskr::Tests;

namespace
{
  std::vector<std::string> Ids(const std::vector<OutboxEntry>& entries)
  {
    std::vector<std::string> ids;
    for (const OutboxEntry& e : entries)
    {
      ids.push_back(e.id);
    }
    return ids;
  }

  void SetState(Store& store, const std::string& id, OutboxState state)
  {
    OutboxEntry e;
    ASSERT_TRUE(store.Outbox().Get(id, e));
    e.state = state;
    ASSERT_TRUE(store.Outbox().Update(e));
  }
}

TEST_P(StoreContract, OutboxKeepsThePayloadBytesExactly)
{
  OutboxEntry e = MakeEvent("msg_1", "django", "case-1", 1000);
  e.payload = std::string("{\"a\":\"\xc3\xa9\"}\n\0\xff tail", 17);
  store().Outbox().Enqueue(e);
  OutboxEntry empty = MakeEvent("msg_2", "django", "", 1000);
  empty.payload.clear();
  store().Outbox().Enqueue(empty);
  Reopen();

  OutboxEntry read;
  ASSERT_TRUE(store().Outbox().Get("msg_1", read));
  EXPECT_EQ(e.payload, read.payload);
  EXPECT_EQ(17u, read.payload.size());
  EXPECT_GT(read.sequence, 0);
  EXPECT_EQ("django", read.webhook);
  EXPECT_EQ("case.delivered", read.eventType);
  EXPECT_EQ("case-1", read.orderingKey);
  EXPECT_EQ(OutboxState::Pending, read.state);
  EXPECT_EQ(0u, read.attempts);
  EXPECT_EQ(1000, read.nextAttemptAt);
  EXPECT_EQ(0, read.lastHttpStatus);
  EXPECT_EQ("", read.lastError);
  EXPECT_EQ(1000, read.createdAt);
  ASSERT_TRUE(store().Outbox().Get("msg_2", read));
  EXPECT_EQ("", read.payload);
  EXPECT_FALSE(store().Outbox().Get("msg_3", read));
}

TEST_P(StoreContract, OutboxIdIsUnique)
{
  store().Outbox().Enqueue(MakeEvent("msg_1", "django", "case-1", 1000));
  ExpectStoreError(StoreError::Kind::Constraint,
                   [&] { store().Outbox().Enqueue(MakeEvent("msg_1", "other", "case-2", 2000)); });
  OutboxEntry read;
  ASSERT_TRUE(store().Outbox().Get("msg_1", read));
  EXPECT_EQ("django", read.webhook);
}

TEST_P(StoreContract, OutboxUpdateWritesTheOutcomeOfAnAttempt)
{
  store().Outbox().Enqueue(MakeEvent("msg_1", "django", "case-1", 1000));
  OutboxEntry e;
  ASSERT_TRUE(store().Outbox().Get("msg_1", e));
  e.state = OutboxState::Pending;
  e.attempts = 3;
  e.nextAttemptAt = 9000;
  e.lastHttpStatus = 503;
  e.lastError = "HTTP 503, Retry-After 5";
  e.updatedAt = 4000;
  e.payload = "changed";  // the bytes are fixed at creation
  ASSERT_TRUE(store().Outbox().Update(e));

  OutboxEntry read;
  ASSERT_TRUE(store().Outbox().Get("msg_1", read));
  EXPECT_EQ(3u, read.attempts);
  EXPECT_EQ(9000, read.nextAttemptAt);
  EXPECT_EQ(503, read.lastHttpStatus);
  EXPECT_EQ("HTTP 503, Retry-After 5", read.lastError);
  EXPECT_EQ(4000, read.updatedAt);
  EXPECT_EQ(1000, read.createdAt);
  EXPECT_NE("changed", read.payload);

  EXPECT_FALSE(store().Outbox().Update(MakeEvent("msg_2", "django", "", 1000)));
  EXPECT_FALSE(store().Outbox().Get("msg_2", read));
}

TEST_P(StoreContract, OutboxIsListedNewestFirstByStateAndWebhookWithLimitAndOffset)
{
  for (int i = 1; i <= 6; i++)
  {
    store().Outbox().Enqueue(MakeEvent("msg_" + std::to_string(i), i <= 4 ? "django" : "other", "", 1000 + i));
  }
  SetState(store(), "msg_2", OutboxState::Delivered);
  SetState(store(), "msg_3", OutboxState::Delivered);
  SetState(store(), "msg_6", OutboxState::Failed);

  EXPECT_EQ((std::vector<std::string>{"msg_6", "msg_5", "msg_4", "msg_3", "msg_2", "msg_1"}),
            Ids(store().Outbox().List(OutboxFilter())));
  OutboxFilter filter;
  filter.webhook = "django";
  EXPECT_EQ((std::vector<std::string>{"msg_4", "msg_3", "msg_2", "msg_1"}), Ids(store().Outbox().List(filter)));
  filter.state = OutboxState::Delivered;
  EXPECT_EQ((std::vector<std::string>{"msg_3", "msg_2"}), Ids(store().Outbox().List(filter)));
  filter.limit = 1;
  filter.offset = 1;
  EXPECT_EQ((std::vector<std::string>{"msg_2"}), Ids(store().Outbox().List(filter)));
  OutboxFilter failed;
  failed.state = OutboxState::Failed;
  EXPECT_EQ((std::vector<std::string>{"msg_6"}), Ids(store().Outbox().List(failed)));

  EXPECT_EQ(3u, store().Outbox().Count(OutboxState::Pending));
  EXPECT_EQ(2u, store().Outbox().Count(OutboxState::Delivered));
  EXPECT_EQ(1u, store().Outbox().Count(OutboxState::Failed));
  EXPECT_EQ(0u, store().Outbox().Count(OutboxState::Disabled));
}

TEST_P(StoreContract, ClaimDueTakesTheLongestDueFirstAndLeasesThem)
{
  store().Outbox().Enqueue(MakeEvent("msg_a", "django", "", 300));
  store().Outbox().Enqueue(MakeEvent("msg_b", "django", "", 100));
  store().Outbox().Enqueue(MakeEvent("msg_c", "django", "", 100));
  store().Outbox().Enqueue(MakeEvent("msg_d", "django", "", 5000));
  store().Outbox().Enqueue(MakeEvent("msg_e", "django", "", 100));
  SetState(store(), "msg_e", OutboxState::Delivered);

  std::vector<OutboxEntry> claimed = store().Outbox().ClaimDue(1000, 31000, 10);
  EXPECT_EQ((std::vector<std::string>{"msg_b", "msg_c", "msg_a"}), Ids(claimed));  // then by creation
  EXPECT_EQ(31000, claimed[0].nextAttemptAt);
  OutboxEntry read;
  ASSERT_TRUE(store().Outbox().Get("msg_b", read));
  EXPECT_EQ(31000, read.nextAttemptAt);
  EXPECT_EQ(OutboxState::Pending, read.state);

  EXPECT_TRUE(store().Outbox().ClaimDue(1000, 31000, 10).empty());
  EXPECT_EQ((std::vector<std::string>{"msg_d"}), Ids(store().Outbox().ClaimDue(5000, 35000, 10)));
  // Leases passed: all three due at the same time, so by creation, and limited.
  EXPECT_EQ((std::vector<std::string>{"msg_a", "msg_b"}), Ids(store().Outbox().ClaimDue(31000, 61000, 2)));
}

TEST_P(StoreContract, ClaimDueSendsTheEventsOfOneCaseToOneWebhookInOrder)
{
  // Case 1's second event is due first, but waits for the first one; case 2, a ping without a key and
  // case 1 on another webhook are independent of it.
  store().Outbox().Enqueue(MakeEvent("msg_1a", "django", "case-1", 500));
  store().Outbox().Enqueue(MakeEvent("msg_1b", "django", "case-1", 100));
  store().Outbox().Enqueue(MakeEvent("msg_2a", "django", "case-2", 200));
  store().Outbox().Enqueue(MakeEvent("msg_ping", "django", "", 300));
  store().Outbox().Enqueue(MakeEvent("msg_1x", "other", "case-1", 400));

  EXPECT_EQ((std::vector<std::string>{"msg_2a", "msg_ping", "msg_1x", "msg_1a"}),
            Ids(store().Outbox().ClaimDue(1000, 2000, 10)));
  // 1b waits while 1a is leased (still Pending), and still once 1a's lease has passed and it is taken
  // again (all due at the same time now: by creation).
  EXPECT_TRUE(store().Outbox().ClaimDue(1500, 2000, 10).empty());
  EXPECT_EQ((std::vector<std::string>{"msg_1a", "msg_2a", "msg_ping", "msg_1x"}),
            Ids(store().Outbox().ClaimDue(2000, 3000, 10)));

  SetState(store(), "msg_1a", OutboxState::Delivered);
  EXPECT_EQ((std::vector<std::string>{"msg_1b"}), Ids(store().Outbox().ClaimDue(2000, 3000, 10)));
}

TEST_P(StoreContract, AFailedEventNoLongerHoldsItsCaseBackButADisabledOneDoes)
{
  store().Outbox().Enqueue(MakeEvent("msg_1a", "django", "case-1", 100));
  store().Outbox().Enqueue(MakeEvent("msg_1b", "django", "case-1", 100));
  store().Outbox().Enqueue(MakeEvent("msg_2a", "django", "case-2", 100));
  store().Outbox().Enqueue(MakeEvent("msg_2b", "django", "case-2", 100));
  SetState(store(), "msg_1a", OutboxState::Failed);
  SetState(store(), "msg_2a", OutboxState::Disabled);
  EXPECT_EQ((std::vector<std::string>{"msg_1b"}), Ids(store().Outbox().ClaimDue(1000, 2000, 10)));
}

TEST_P(StoreContract, WebhookEntriesAreDisabledAndEnabledTogether)
{
  store().Outbox().Enqueue(MakeEvent("msg_1", "django", "case-1", 100));
  store().Outbox().Enqueue(MakeEvent("msg_2", "django", "case-2", 100));
  store().Outbox().Enqueue(MakeEvent("msg_3", "django", "case-3", 100));
  store().Outbox().Enqueue(MakeEvent("msg_4", "other", "case-1", 100));
  SetState(store(), "msg_3", OutboxState::Delivered);

  EXPECT_EQ(2u, store().Outbox().MoveWebhookEntries("django", OutboxState::Pending, OutboxState::Disabled, 0, 700));
  OutboxEntry read;
  ASSERT_TRUE(store().Outbox().Get("msg_1", read));
  EXPECT_EQ(OutboxState::Disabled, read.state);
  EXPECT_EQ(700, read.updatedAt);
  ASSERT_TRUE(store().Outbox().Get("msg_3", read));
  EXPECT_EQ(OutboxState::Delivered, read.state);
  EXPECT_EQ((std::vector<std::string>{"msg_4"}), Ids(store().Outbox().ClaimDue(1000, 2000, 10)));

  EXPECT_EQ(2u, store().Outbox().MoveWebhookEntries("django", OutboxState::Disabled, OutboxState::Pending, 800, 800));
  EXPECT_EQ((std::vector<std::string>{"msg_1", "msg_2"}), Ids(store().Outbox().ClaimDue(1000, 2000, 10)));
  EXPECT_EQ(0u, store().Outbox().MoveWebhookEntries("nobody", OutboxState::Pending, OutboxState::Disabled, 0, 900));
}

TEST_P(StoreContract, ReleaseClaimsMakesClaimedEventsDueAsBeforeTheirClaim)
{
  store().Outbox().Enqueue(MakeEvent("msg_a", "django", "", 100));
  store().Outbox().Enqueue(MakeEvent("msg_b", "django", "", 200));
  store().Outbox().Enqueue(MakeEvent("msg_c", "django", "", 5000));  // a retry scheduled later: not claimed
  ASSERT_EQ(2u, store().Outbox().ClaimDue(1000, 31000, 10).size());
  OutboxEntry b;
  ASSERT_TRUE(store().Outbox().Get("msg_b", b));
  b.attempts = 1;
  b.nextAttemptAt = 9000;
  store().Outbox().Update(b);  // its attempt ended: no longer claimed

  EXPECT_EQ(1u, store().Outbox().ReleaseClaims(2000));  // msg_a's worker died
  OutboxEntry read;
  ASSERT_TRUE(store().Outbox().Get("msg_a", read));
  EXPECT_EQ(100, read.nextAttemptAt);
  ASSERT_TRUE(store().Outbox().Get("msg_b", read));
  EXPECT_EQ(9000, read.nextAttemptAt);
  ASSERT_TRUE(store().Outbox().Get("msg_c", read));
  EXPECT_EQ(5000, read.nextAttemptAt);
  EXPECT_EQ((std::vector<std::string>{"msg_a"}), Ids(store().Outbox().ClaimDue(2000, 32000, 10)));
  EXPECT_EQ(0u, store().Outbox().ReleaseClaims(40000));  // a lease that has passed is no lease
}
