#include "Delivery/DeliveryEngine.h"
#include "Delivery/DeliveryService.h"
#include "FakeOrthancGateway.h"
#include "Orthanc/HttpClient.h"
#include "Store/Sqlite/SqliteStore.h"
#include "TemporaryFolder.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace Ratatoskr;
using namespace Ratatoskr::Delivery;

namespace
{
  class AnsweringHttpClient : public HttpClient
  {
  public:
    HttpExchange Send(const OutgoingHttpRequest&) const override
    {
      HttpExchange exchange;
      exchange.status = 200;
      return exchange;
    }
  };

  // The engine and the service on a real SQLite store, a fake Orthanc, and a clock the test moves.
  struct Bench
  {
    Tests::TemporaryFolder folder;
    SqliteStore store{folder.File("ratatoskr.db")};
    FakeOrthancGateway orthanc;
    AnsweringHttpClient http;
    StoreTime now = 1000;
    WebhookOutbox outbox{store, http, {}, [this] { return now; }};
    DeliveryEngine engine{store, orthanc, outbox, Destinations(), "key", [this] { return now; }, nullptr};
    DeliveryService service{store, orthanc, engine};

    static std::map<std::string, DestinationTarget> Destinations()
    {
      DestinationTarget target;
      target.name = "pacscenter";
      target.policy.dicomWebServer = "pacscenter";
      target.policy.batchMaxInstances = 1;
      target.policy.parallelBatches = 1;
      return {{"pacscenter", target}};
    }

    DeliveryRecord Stored(const std::string& id)
    {
      DeliveryRecord d;
      EXPECT_TRUE(store.Deliveries().Get(id, d));
      return d;
    }

    void RoundAt(StoreTime t)
    {
      now = t;
      engine.Round();
    }
  };
}

TEST(DeliveryEngine, ACancelDuringAStepIsNotOverwrittenByIt)
{
  Bench bench;
  for (int i = 0; i < 3; i++)
  {
    bench.orthanc.AddInstance("i" + std::to_string(i), "study", "2.25.1." + std::to_string(i));
  }
  const std::string id = bench.service.Deliver("study", "pacscenter").id;
  bench.RoundAt(1000);
  ASSERT_EQ(1u, bench.orthanc.stowed.size());   // one batch in flight
  bench.orthanc.FinishStows(true);

  // The admin cancels while the worker is inside the next step (between its claim and its write); the step
  // then sees the first batch sent and posts the second.
  bool canceled = false;
  bench.orthanc.onGetJob = [&]
  {
    if (!canceled)
    {
      canceled = true;
      bench.service.Cancel(id);
    }
  };
  bench.RoundAt(2000);
  ASSERT_TRUE(canceled);
  EXPECT_EQ(2u, bench.orthanc.stowed.size());
  const DeliveryRecord d = bench.Stored(id);
  EXPECT_EQ(DeliveryState::Canceled, d.state);
  EXPECT_EQ("canceled by an admin", d.lastError);
  // The STOW job the dropped step posted is stopped too; nothing more goes out.
  EXPECT_NE(std::find(bench.orthanc.canceled.begin(), bench.orthanc.canceled.end(), "stow-1"),
            bench.orthanc.canceled.end());
  bench.orthanc.onGetJob = nullptr;
  bench.RoundAt(3000);
  bench.RoundAt(4000);
  EXPECT_EQ(2u, bench.orthanc.stowed.size());
  EXPECT_EQ(DeliveryState::Canceled, bench.Stored(id).state);
}

TEST(DeliveryEngine, StepsOfAnUntouchedDeliveryAreWritten)
{
  Bench bench;
  bench.orthanc.AddInstance("i0", "study", "2.25.1.0");
  bench.orthanc.autoComplete = true;
  const std::string id = bench.service.Deliver("study", "pacscenter").id;
  bench.RoundAt(1000);
  EXPECT_EQ(DeliveryState::Sending, bench.Stored(id).state);
  bench.RoundAt(2000);
  const DeliveryRecord d = bench.Stored(id);
  EXPECT_EQ(DeliveryState::Delivered, d.state);
  EXPECT_EQ(1u, d.confirmedCount);
  EXPECT_TRUE(bench.orthanc.canceled.empty());
}
