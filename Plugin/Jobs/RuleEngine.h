#pragma once

#include "Configuration.h"
#include "Jobs/TaskQueue.h"

#include <string>

namespace Ratatoskr
{
  struct Application;
  class AnonymizationService;

  // Lua-free "OnStableStudy": when a study becomes stable, the first configured rule it matches
  // (calling AET, tag values) starts an anonymization job. Studies are queued by the change callback
  // and examined on the plugin's task queue, never in Orthanc's callback thread.
  class RuleEngine
  {
  public:
    RuleEngine(Application& app, const AnonymizationService& service, TaskQueue& queue);

    void Enqueue(const std::string& studyId);

  private:
    void Examine(const std::string& studyId);

    Application& app_;
    const AnonymizationService& service_;
    TaskQueue& queue_;
  };
}
