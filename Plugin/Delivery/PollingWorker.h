#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace Ratatoskr::Delivery
{
  // One background thread that runs `round` again and again: each round does the work that is due and
  // says how long the thread may sleep before the next one; Wake() cuts the sleep short (new work).
  // A round that throws is reported to `onError` (called inside the catch block) and retried after
  // `errorPause`: a locked database or a hiccup of Orthanc never ends the thread.
  class PollingWorker
  {
  public:
    using Round = std::function<std::chrono::milliseconds()>;
    using ErrorSink = std::function<void()>;

    PollingWorker(std::string name, Round round, ErrorSink onError,
                  std::chrono::milliseconds errorPause = std::chrono::seconds(2));
    ~PollingWorker();
    PollingWorker(const PollingWorker&) = delete;
    PollingWorker& operator=(const PollingWorker&) = delete;

    void Start();
    void Stop();   // waits for the round in progress
    void Wake();

    const std::string& Name() const { return name_; }

  private:
    void Run();

    std::string name_;
    Round round_;
    ErrorSink onError_;
    std::chrono::milliseconds errorPause_;
    std::mutex mutex_;
    std::condition_variable wakeUp_;
    bool stopping_ = false;
    bool woken_ = false;
    std::thread thread_;
  };
}
