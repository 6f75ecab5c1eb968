#pragma once

#include "Orthanc/MetricsSink.h"

#include <chrono>
#include <mutex>

namespace Ratatoskr
{
  class Host;

  // MetricsSink on the SDK's OrthancPluginSetMetricsValue: the values join Orthanc's own in
  // GET /tools/metrics-prometheus, each with the time it was last set.
  class OrthancMetrics : public MetricsSink
  {
  public:
    // `configured`: "MetricsEnabled" of Orthanc's configuration (default true).
    OrthancMetrics(const Host& host, bool configured) : host_(host), configured_(configured) {}

    // As configured when that is true: nothing asked (a PUT /tools/metrics that disables them at run time
    // only makes the values set dropped). Configured false, Orthanc is asked (GET /tools/metrics) at most
    // every 15 s, so that enabling them at run time counts without a REST call (and, with --verbose, a
    // log line) every few seconds.
    bool Enabled() const override;
    void Set(const std::string& name, float value, MetricsType type = MetricsType::Gauge) override;

  private:
    static constexpr std::chrono::seconds recheckPeriod{15};

    const Host& host_;
    const bool configured_;
    mutable std::mutex mutex_;
    mutable bool asked_ = false;
    mutable bool enabledNow_ = false;
    mutable std::chrono::steady_clock::time_point askedAt_;
  };
}
