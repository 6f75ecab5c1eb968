// The plugin's metrics: what each one counts (from a real SQLite store), and that a failing store or
// Orthanc never escapes Refresh and is logged once.
#include "MetricsReporter.h"
#include "Store/Sqlite/SqliteStore.h"
#include "StoreContract.h"
#include "TemporaryFolder.h"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

using namespace Ratatoskr;
using namespace Ratatoskr::Tests;

namespace
{
  const std::vector<std::string> metricNames = {
    "ratatoskr_deliveries_pending", "ratatoskr_deliveries_failed", "ratatoskr_deliveries_oldest_pending_seconds",
    "ratatoskr_webhook_events_pending", "ratatoskr_webhook_events_failed", "ratatoskr_webhook_events_disabled",
    "ratatoskr_webhook_events_oldest_pending_seconds", "ratatoskr_jobs_running", "ratatoskr_jobs_failed"};

  class FakeSink : public MetricsSink
  {
  public:
    bool enabled = true;
    bool throwOnSet = false;
    std::map<std::string, float> values;
    unsigned int sets = 0;

    bool Enabled() const override { return enabled; }

    void Set(const std::string& name, float value, MetricsType type) override
    {
      EXPECT_EQ(MetricsType::Gauge, type);
      if (throwOnSet)
      {
        throw std::runtime_error("Orthanc is gone");
      }
      values[name] = value;
      sets++;
    }
  };

  // A SQLite store whose reads fail while `failing` is set (a database gone, a disk error).
  class FlakyStore : public Store
  {
  public:
    explicit FlakyStore(const std::string& path) : inner_(path) {}

    bool failing = false;
    unsigned int reads = 0;

    std::string Type() const override { return inner_.Type(); }
    std::string Location() const override { return inner_.Location(); }
    int SchemaVersion() const override { return inner_.SchemaVersion(); }
    void Transaction(const Work& work) override { inner_.Transaction(work); }

    void Read(const Work& work) override
    {
      reads++;
      if (failing)
      {
        throw StoreError(StoreError::Kind::Io, "disk I/O error on /var/lib/orthanc/ratatoskr.db");
      }
      inner_.Read(work);
    }

  private:
    SqliteStore inner_;
  };

  std::map<std::string, float> AsMap(const std::vector<Metric>& metrics)
  {
    std::map<std::string, float> values;
    for (const Metric& m : metrics)
    {
      values[m.name] = m.value;
    }
    return values;
  }

  void AddDelivery(Store& store, const std::string& id, DeliveryState state, StoreTime createdAt)
  {
    DeliveryRecord d = MakeDelivery(id, 2, createdAt);
    d.state = state;
    store.Deliveries().Create(d);
  }

  void AddEvent(Store& store, const std::string& id, OutboxState state, StoreTime createdAt)
  {
    store.Outbox().Enqueue(MakeEvent(id, "django", id, createdAt));
    if (state != OutboxState::Pending)
    {
      OutboxEntry e;
      ASSERT_TRUE(store.Outbox().Get(id, e));
      e.state = state;
      ASSERT_TRUE(store.Outbox().Update(e));
    }
  }

  void AddJob(Store& store, const std::string& id, const std::string& state)
  {
    JobRecord job;
    job.id = id;
    job.type = "AnonymizeAndSend";
    job.state = state;
    job.createdAt = job.updatedAt = "2026-12-03T10:00:00Z";
    store.JobAudit().Save(job);
  }

  struct Logs
  {
    std::vector<std::string> warnings;
    std::vector<std::string> infos;
  };

  MetricsReporter MakeReporter(Store& store, MetricsSink& sink, Logs& logs, StoreTime now = 100000)
  {
    return MetricsReporter(store, sink, [now] { return now; },
                           [&logs](const std::string& m) { logs.warnings.push_back(m); },
                           [&logs](const std::string& m) { logs.infos.push_back(m); });
  }
}

TEST(MetricsReporter, AnEmptyStoreGivesEveryMetricAtZeroInTheOrderOfTheReadme)
{
  TemporaryFolder folder;
  SqliteStore store(folder.File("ratatoskr.db"));
  std::vector<Metric> metrics;
  store.Read([&](StoreSession& s) { metrics = MetricsReporter::Collect(s, 5000); });
  ASSERT_EQ(metricNames.size(), metrics.size());
  for (size_t i = 0; i < metrics.size(); i++)
  {
    EXPECT_EQ(metricNames[i], metrics[i].name);
    EXPECT_EQ(0.0f, metrics[i].value) << metrics[i].name;
  }
}

TEST(MetricsReporter, EachMetricCountsWhatTheReadmeSays)
{
  TemporaryFolder folder;
  SqliteStore store(folder.File("ratatoskr.db"));
  // Deliveries: three unfinished (the oldest created at 40 s), two failed, finished ones older still.
  AddDelivery(store, "failed-old", DeliveryState::Failed, 1000);
  AddDelivery(store, "delivered", DeliveryState::Delivered, 2000);
  AddDelivery(store, "canceled", DeliveryState::Canceled, 3000);
  AddDelivery(store, "failed", DeliveryState::Failed, 50000);
  AddDelivery(store, "sending", DeliveryState::Sending, 40000);
  AddDelivery(store, "pending", DeliveryState::Pending, 70000);
  AddDelivery(store, "verifying", DeliveryState::Verifying, 60000);
  // Webhook events: two pending (the oldest at 77.5 s), one failed, two disabled, one delivered.
  AddEvent(store, "msg_failed", OutboxState::Failed, 1000);
  AddEvent(store, "msg_disabled_1", OutboxState::Disabled, 2000);
  AddEvent(store, "msg_disabled_2", OutboxState::Disabled, 3000);
  AddEvent(store, "msg_delivered", OutboxState::Delivered, 4000);
  AddEvent(store, "msg_pending_1", OutboxState::Pending, 90000);
  AddEvent(store, "msg_pending_2", OutboxState::Pending, 77500);
  // Jobs by the state of their audit entry.
  AddJob(store, "job-1", "Running");
  AddJob(store, "job-2", "Running");
  AddJob(store, "job-3", "Running");
  AddJob(store, "job-4", "Failure");
  AddJob(store, "job-5", "Success");
  AddJob(store, "job-6", "Pending");
  AddJob(store, "job-7", "Paused");
  AddJob(store, "job-8", "Canceled");

  std::vector<Metric> metrics;
  store.Read([&](StoreSession& s) { metrics = MetricsReporter::Collect(s, 100000); });
  const std::map<std::string, float> expected = {
    {"ratatoskr_deliveries_pending", 3},
    {"ratatoskr_deliveries_failed", 2},
    {"ratatoskr_deliveries_oldest_pending_seconds", 60},
    {"ratatoskr_webhook_events_pending", 2},
    {"ratatoskr_webhook_events_failed", 1},
    {"ratatoskr_webhook_events_disabled", 2},
    {"ratatoskr_webhook_events_oldest_pending_seconds", 22.5f},
    {"ratatoskr_jobs_running", 3},
    {"ratatoskr_jobs_failed", 1}};
  EXPECT_EQ(expected, AsMap(metrics));

  // A clock set back does not make an age negative.
  store.Read([&](StoreSession& s) { metrics = MetricsReporter::Collect(s, 30000); });
  EXPECT_EQ(0.0f, AsMap(metrics)["ratatoskr_deliveries_oldest_pending_seconds"]);
  EXPECT_EQ(0.0f, AsMap(metrics)["ratatoskr_webhook_events_oldest_pending_seconds"]);
}

TEST(MetricsReporter, RefreshSetsEveryMetricEachRound)
{
  TemporaryFolder folder;
  SqliteStore store(folder.File("ratatoskr.db"));
  FakeSink sink;
  Logs logs;
  MetricsReporter reporter = MakeReporter(store, sink, logs);
  reporter.Refresh();
  EXPECT_EQ(metricNames.size(), sink.values.size());
  EXPECT_EQ(0.0f, sink.values["ratatoskr_deliveries_pending"]);

  AddDelivery(store, "pending", DeliveryState::Pending, 90000);
  AddJob(store, "job-1", "Failure");
  reporter.Refresh();
  EXPECT_EQ(2 * metricNames.size(), sink.sets);  // unchanged ones too: their time says they are current
  EXPECT_EQ(1.0f, sink.values["ratatoskr_deliveries_pending"]);
  EXPECT_EQ(10.0f, sink.values["ratatoskr_deliveries_oldest_pending_seconds"]);
  EXPECT_EQ(1.0f, sink.values["ratatoskr_jobs_failed"]);
  EXPECT_TRUE(logs.warnings.empty());
  EXPECT_TRUE(logs.infos.empty());
}

TEST(MetricsReporter, NothingIsReadWhileOrthancsMetricsAreDisabled)
{
  TemporaryFolder folder;
  FlakyStore store(folder.File("ratatoskr.db"));
  FakeSink sink;
  sink.enabled = false;
  Logs logs;
  MetricsReporter reporter = MakeReporter(store, sink, logs);
  reporter.Refresh();
  EXPECT_EQ(0u, store.reads);
  EXPECT_EQ(0u, sink.sets);
  sink.enabled = true;  // PUT /tools/metrics at run time
  reporter.Refresh();
  EXPECT_EQ(1u, store.reads);
  EXPECT_EQ(metricNames.size(), sink.sets);
}

TEST(MetricsReporter, AFailingStoreIsLoggedOnceUntilARoundWorksAgain)
{
  TemporaryFolder folder;
  FlakyStore store(folder.File("ratatoskr.db"));
  FakeSink sink;
  Logs logs;
  MetricsReporter reporter = MakeReporter(store, sink, logs);
  reporter.Refresh();
  ASSERT_EQ(metricNames.size(), sink.sets);

  store.failing = true;
  AddDelivery(store, "pending", DeliveryState::Pending, 90000);
  for (int i = 0; i < 5; i++)
  {
    EXPECT_NO_THROW(reporter.Refresh());
  }
  EXPECT_EQ(6u, store.reads);  // still tried every round
  ASSERT_EQ(1u, logs.warnings.size());
  EXPECT_NE(std::string::npos, logs.warnings[0].find("cannot refresh the metrics (disk I/O error")) << logs.warnings[0];
  EXPECT_EQ(metricNames.size(), sink.sets);  // nothing set: the values keep the time of the last good round
  EXPECT_EQ(0.0f, sink.values["ratatoskr_deliveries_pending"]);

  store.failing = false;
  reporter.Refresh();
  EXPECT_EQ(1.0f, sink.values["ratatoskr_deliveries_pending"]);
  ASSERT_EQ(1u, logs.infos.size());
  EXPECT_NE(std::string::npos, logs.infos[0].find("up to date again"));

  // A second outage is logged again, once.
  store.failing = true;
  reporter.Refresh();
  reporter.Refresh();
  EXPECT_EQ(2u, logs.warnings.size());
}

TEST(MetricsReporter, AFailingOrthancOrLoggerNeverEscapesRefresh)
{
  TemporaryFolder folder;
  SqliteStore store(folder.File("ratatoskr.db"));
  FakeSink sink;
  sink.throwOnSet = true;
  unsigned int warnings = 0;
  MetricsReporter reporter(store, sink, [] { return StoreTime(1000); },
                           [&warnings](const std::string&) { warnings++; throw std::runtime_error("log full"); },
                           [](const std::string&) { throw 42; });
  EXPECT_NO_THROW(reporter.Refresh());
  EXPECT_NO_THROW(reporter.Refresh());
  EXPECT_EQ(1u, warnings);
  sink.throwOnSet = false;
  EXPECT_NO_THROW(reporter.Refresh());  // works; the "again" line throws, which changes nothing
  EXPECT_EQ(metricNames.size(), sink.sets);
  sink.throwOnSet = true;
  EXPECT_NO_THROW(reporter.Refresh());  // a new outage, logged (and the logger throws again)
  EXPECT_EQ(2u, warnings);
}

TEST(MetricsReporter, AClockThatThrowsIsAFailedRoundToo)
{
  TemporaryFolder folder;
  SqliteStore store(folder.File("ratatoskr.db"));
  FakeSink sink;
  Logs logs;
  MetricsReporter reporter(store, sink, []() -> StoreTime { throw 7; },
                           [&logs](const std::string& m) { logs.warnings.push_back(m); },
                           [&logs](const std::string& m) { logs.infos.push_back(m); });
  EXPECT_NO_THROW(reporter.Refresh());
  ASSERT_EQ(1u, logs.warnings.size());
  EXPECT_NE(std::string::npos, logs.warnings[0].find("unknown error"));
}
