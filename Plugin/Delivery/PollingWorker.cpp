#include "Delivery/PollingWorker.h"

namespace Ratatoskr::Delivery
{
  PollingWorker::PollingWorker(std::string name, Round round, ErrorSink onError,
                               std::chrono::milliseconds errorPause)
    : name_(std::move(name)), round_(std::move(round)), onError_(std::move(onError)), errorPause_(errorPause)
  {
  }

  PollingWorker::~PollingWorker()
  {
    Stop();
  }

  void PollingWorker::Start()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable())
    {
      stopping_ = false;
      thread_ = std::thread(&PollingWorker::Run, this);
    }
  }

  void PollingWorker::Stop()
  {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wakeUp_.notify_all();
    if (thread_.joinable())
    {
      thread_.join();
    }
  }

  void PollingWorker::Wake()
  {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      woken_ = true;
    }
    wakeUp_.notify_all();
  }

  void PollingWorker::Run()
  {
    for (;;)
    {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_)
        {
          return;
        }
        woken_ = false;
      }
      std::chrono::milliseconds pause;
      try
      {
        pause = round_();
      }
      catch (...)
      {
        try
        {
          onError_();
        }
        catch (...)
        {
        }
        pause = errorPause_;
      }
      std::unique_lock<std::mutex> lock(mutex_);
      wakeUp_.wait_for(lock, pause, [this] { return stopping_ || woken_; });
    }
  }
}
