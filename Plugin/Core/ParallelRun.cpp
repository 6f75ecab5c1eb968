#include "Core/ParallelRun.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace Ratatoskr::Core
{
  unsigned int DefaultThreadCount()
  {
    return std::max(1u, std::thread::hardware_concurrency());
  }

  void RunParallel(size_t count, unsigned int threads, const std::function<void(size_t)>& work)
  {
    RunParallel(count, threads, work, [](std::function<void()> body) { return std::thread(std::move(body)); });
  }

  void RunParallel(size_t count, unsigned int threads, const std::function<void(size_t)>& work,
                   const ThreadLauncher& launch)
  {
    std::atomic<size_t> next{0};
    std::mutex errorMutex;
    std::exception_ptr firstError;

    auto worker = [&]() {
      for (size_t index = next++; index < count; index = next++)
      {
        try
        {
          work(index);
        }
        catch (...)
        {
          std::lock_guard<std::mutex> lock(errorMutex);
          if (!firstError)
          {
            firstError = std::current_exception();
          }
        }
      }
    };

    const size_t poolSize = std::min<size_t>(std::max(1u, threads), std::max<size_t>(1, count));
    if (poolSize == 1)
    {
      worker();
    }
    else
    {
      std::vector<std::thread> pool;
      pool.reserve(poolSize);
      try
      {
        for (size_t i = 0; i < poolSize; i++)
        {
          pool.push_back(launch(worker));
        }
      }
      catch (...)  // std::system_error, or no memory for one more: never leave started threads unjoined
      {
        worker();  // fewer threads than asked for: this one helps, the work still gets done
      }
      for (std::thread& thread : pool)
      {
        thread.join();
      }
    }
    if (firstError)
    {
      std::rethrow_exception(firstError);
    }
  }
}
