#pragma once

#include <string>

namespace Ratatoskr
{
  // The two kinds of values of Orthanc's metrics registry.
  enum class MetricsType
  {
    Gauge,  // the value as last set
    Timer   // a duration: Orthanc shows the largest value set over the last 10 seconds
  };

  // Where the plugin's metrics go: Orthanc's own registry, shown by GET /tools/metrics-prometheus
  // (OrthancMetrics), or a fake in unit tests. Thread-safe.
  class MetricsSink
  {
  public:
    virtual ~MetricsSink() = default;

    // Whether Orthanc collects metrics ("MetricsEnabled" of its configuration, default true, or what
    // PUT /tools/metrics set since): while it does not, values set are dropped, so need not be computed.
    virtual bool Enabled() const = 0;

    // `type` counts only the first time a name is set (Orthanc keeps it).
    virtual void Set(const std::string& name, float value, MetricsType type = MetricsType::Gauge) = 0;
  };
}
