#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace Ratatoskr
{
  // One background thread that runs posted tasks in order: work triggered from Orthanc's change callback
  // (rules on StableStudy) and periodic checks (clean-up of a job canceled while paused) runs here, never in Orthanc's callback
  // thread. Tasks posted before Start() wait; Stop() drops the tasks not started yet.
  class TaskQueue
  {
  public:
    using Task = std::function<void()>;
    // Called inside the catch block of a failed task (so std::current_exception() is that task's error),
    // with its what() or "unknown error" when it is not a std::exception.
    using ErrorSink = std::function<void(const std::string&)>;

    explicit TaskQueue(ErrorSink onError) : onError_(std::move(onError)) {}
    ~TaskQueue();

    // Runs `task` on the queue's thread whenever `period` passed without it running (set before Start()).
    void SetPeriodic(std::chrono::milliseconds period, Task task);

    void Start();
    void Stop();
    void Post(Task task);

  private:
    void Run();

    ErrorSink onError_;
    std::mutex mutex_;
    std::condition_variable wakeUp_;
    std::deque<Task> tasks_;
    std::chrono::milliseconds period_{0};
    Task periodic_;
    bool stopping_ = false;
    std::thread thread_;
  };
}
