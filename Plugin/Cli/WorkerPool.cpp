#include "Cli/WorkerPool.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace Ratatoskr::Cli
{
  unsigned int DefaultThreadCount()
  {
    return std::max(1u, std::thread::hardware_concurrency());
  }

  void RunParallel(size_t count, unsigned int threads, const std::function<void(size_t)>& work)
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
          pool.emplace_back(worker);
        }
      }
      catch (const std::system_error&)
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
