#include "MetricsReporter.h"

#include <algorithm>
#include <exception>
#include <map>

namespace Ratatoskr
{
  namespace
  {
    // Seconds from `since` to `now`; 0 when there is nothing (since == 0) or for a clock set back.
    float AgeSeconds(StoreTime since, StoreTime now)
    {
      return since == 0 ? 0.0f : static_cast<float>(std::max<StoreTime>(0, now - since)) / 1000.0f;
    }

    void Say(const MetricsReporter::Log& log, const std::string& message) noexcept
    {
      try
      {
        log(message);
      }
      catch (...)
      {
        // a logger that fails has nobody to tell
      }
    }

    unsigned int CountOf(const std::map<std::string, unsigned int>& counts, const std::string& state)
    {
      const auto found = counts.find(state);
      return found == counts.end() ? 0 : found->second;
    }
  }

  MetricsReporter::MetricsReporter(Store& store, MetricsSink& sink, Clock clock, Log warning, Log info)
    : store_(store), sink_(sink), clock_(std::move(clock)), warning_(std::move(warning)), info_(std::move(info))
  {
  }

  std::vector<Metric> MetricsReporter::Collect(StoreSession& session, StoreTime now)
  {
    const DeliveryStatistics deliveries = session.Deliveries().Statistics();
    const OutboxStatistics outbox = session.Outbox().Statistics();
    const std::map<std::string, unsigned int> jobs = session.JobAudit().CountByState();
    const auto count = [](unsigned int n) { return static_cast<float>(n); };
    return {
      {"ratatoskr_deliveries_pending", count(deliveries.Unfinished())},
      {"ratatoskr_deliveries_failed", count(deliveries.Count(DeliveryState::Failed))},
      {"ratatoskr_deliveries_oldest_pending_seconds", AgeSeconds(deliveries.oldestUnfinishedCreatedAt, now)},
      {"ratatoskr_webhook_events_pending", count(outbox.Count(OutboxState::Pending))},
      {"ratatoskr_webhook_events_failed", count(outbox.Count(OutboxState::Failed))},
      {"ratatoskr_webhook_events_disabled", count(outbox.Count(OutboxState::Disabled))},
      {"ratatoskr_webhook_events_oldest_pending_seconds", AgeSeconds(outbox.oldestPendingCreatedAt, now)},
      {"ratatoskr_jobs_running", count(CountOf(jobs, "Running"))},
      {"ratatoskr_jobs_failed", count(CountOf(jobs, "Failure"))},
    };
  }

  void MetricsReporter::Refresh() noexcept
  {
    std::string failure;
    try
    {
      if (!sink_.Enabled())
      {
        return;  // Orthanc would drop them: not even the queries
      }
      std::vector<Metric> metrics;
      const StoreTime now = clock_();
      store_.Read([&](StoreSession& session) { metrics = Collect(session, now); });
      for (const Metric& metric : metrics)
      {
        sink_.Set(metric.name, metric.value, MetricsType::Gauge);
      }
    }
    catch (const std::exception& e)
    {
      try
      {
        failure = e.what()[0] != '\0' ? e.what() : "unknown error";
      }
      catch (...)
      {
        failure = "?";  // short enough for the small-string buffer: cannot throw
      }
    }
    catch (...)
    {
      failure = "unknown error";
    }

    try
    {
      if (failure.empty() && failing_)
      {
        failing_ = false;
        Say(info_, "Ratatoskr: the metrics are up to date again");
      }
      else if (!failure.empty() && !failing_)
      {
        failing_ = true;
        Say(warning_, "Ratatoskr: cannot refresh the metrics (" + failure + "); they keep their last values, "
                      "and this is not logged again until a refresh works");
      }
    }
    catch (...)
    {
      // out of memory for a log line: nothing more to do
    }
  }
}
