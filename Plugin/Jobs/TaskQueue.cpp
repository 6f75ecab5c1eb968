#include "Jobs/TaskQueue.h"

#include <exception>

namespace Ratatoskr
{
  TaskQueue::~TaskQueue()
  {
    Stop();
  }

  void TaskQueue::SetPeriodic(std::chrono::milliseconds period, Task task)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    period_ = period;
    periodic_ = std::move(task);
  }

  void TaskQueue::Start()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable())
    {
      stopping_ = false;
      thread_ = std::thread(&TaskQueue::Run, this);
    }
  }

  void TaskQueue::Stop()
  {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      tasks_.clear();
    }
    wakeUp_.notify_all();
    if (thread_.joinable())
    {
      thread_.join();
    }
  }

  void TaskQueue::Post(Task task)
  {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    wakeUp_.notify_one();
  }

  void TaskQueue::Run()
  {
    auto nextPeriodic = std::chrono::steady_clock::now() + period_;
    for (;;)
    {
      Task task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        const auto ready = [this] { return stopping_ || !tasks_.empty(); };
        if (periodic_)
        {
          wakeUp_.wait_until(lock, nextPeriodic, ready);
        }
        else
        {
          wakeUp_.wait(lock, ready);
        }
        if (stopping_)
        {
          return;
        }
        if (!tasks_.empty())
        {
          task = std::move(tasks_.front());
          tasks_.pop_front();
        }
        else if (periodic_ && std::chrono::steady_clock::now() >= nextPeriodic)
        {
          task = periodic_;
          nextPeriodic = std::chrono::steady_clock::now() + period_;
        }
      }
      if (!task)
      {
        continue;
      }
      try
      {
        task();
      }
      catch (const std::exception& e)
      {
        onError_(e.what());
      }
      catch (...)
      {
        onError_("unknown error");
      }
    }
  }
}
