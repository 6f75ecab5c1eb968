#include "Orthanc/OrthancMetrics.h"

#include "Orthanc/Host.h"

#include <orthanc/OrthancCPlugin.h>

namespace Ratatoskr
{
  bool OrthancMetrics::Enabled() const
  {
    if (configured_)
    {
      return true;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!asked_ || now - askedAt_ >= recheckPeriod)
    {
      // Orthanc answers "1" or "0" (text/plain); an error counts as "as configured".
      const RestAnswer answer = host_.Call(HttpMethod::Get, "/tools/metrics", std::string(), false);
      enabledNow_ = answer.Ok() && answer.body.compare(0, 1, "1") == 0;
      asked_ = true;
      askedAt_ = now;
    }
    return enabledNow_;
  }

  void OrthancMetrics::Set(const std::string& name, float value, MetricsType type)
  {
    OrthancPluginSetMetricsValue(host_.Context(), name.c_str(), value,
                                 type == MetricsType::Timer ? OrthancPluginMetricsType_Timer
                                                            : OrthancPluginMetricsType_Default);
  }
}
