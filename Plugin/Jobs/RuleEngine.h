#pragma once

#include "Configuration.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace Ratatoskr
{
  struct Application;
  class AnonymizationService;

  // Lua-free "OnStableStudy": when a study becomes stable, the first configured rule it matches
  // (calling AET, tag values) starts an anonymization job. Studies are queued by the change callback
  // and examined on the engine's own thread, never in Orthanc's callback thread.
  class RuleEngine
  {
  public:
    RuleEngine(Application& app, const AnonymizationService& service);
    ~RuleEngine();

    void Start();
    void Stop();
    void Enqueue(const std::string& studyId);

  private:
    void Run();
    void Examine(const std::string& studyId);

    Application& app_;
    const AnonymizationService& service_;
    std::mutex mutex_;
    std::condition_variable wakeUp_;
    std::deque<std::string> queue_;
    bool stopping_ = false;
    std::thread thread_;
  };
}
