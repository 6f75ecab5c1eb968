#pragma once

#include "Orthanc/MetricsSink.h"
#include "Store/Store.h"

#include <functional>
#include <string>
#include <vector>

namespace Ratatoskr
{
  struct Metric
  {
    std::string name;
    float value = 0;
  };

  // The plugin's metrics (README, "Metrics"), read from the store and set in Orthanc's registry, so that
  // GET /tools/metrics-prometheus shows them beside Orthanc's own. Called every few seconds from a
  // background thread: one consistent read of a few aggregate queries (counts by state, the oldest
  // unfinished item), nothing else.
  //
  // It never hurts Orthanc: Refresh catches everything. Its first failure is logged, then none until a
  // round works again (logged as well), so a database locked for an hour logs two lines, not 720. A
  // failed round sets nothing: the values keep the time of the last good round (Prometheus shows it).
  class MetricsReporter
  {
  public:
    using Clock = std::function<StoreTime()>;           // milliseconds since the Unix epoch
    using Log = std::function<void(const std::string&)>;

    MetricsReporter(Store& store, MetricsSink& sink, Clock clock, Log warning, Log info);

    void Refresh() noexcept;

    // The metrics from what `session` holds at `now`, in the order of the README.
    static std::vector<Metric> Collect(StoreSession& session, StoreTime now);

  private:
    Store& store_;
    MetricsSink& sink_;
    Clock clock_;
    Log warning_;
    Log info_;
    bool failing_ = false;  // the last round failed, and that was logged
  };
}
