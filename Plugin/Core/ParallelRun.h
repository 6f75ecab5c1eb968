#pragma once

#include <cstddef>
#include <functional>
#include <thread>

// Runs work(0..count-1) on `threads` threads; each index runs exactly once, in ascending order of
// start. Returns when all are done. If a call throws, the remaining indices still run and the first
// exception is rethrown at the end. A thread that cannot be started (std::system_error) leaves its
// share to the others, the calling thread included: the work gets done with fewer threads. With one
// thread, no thread is created. Used by the CLI and by the plugin's job.
namespace Ratatoskr::Core
{
  void RunParallel(size_t count, unsigned int threads, const std::function<void(size_t)>& work);

  // The same with the way threads are started given (tests make it fail with std::system_error).
  using ThreadLauncher = std::function<std::thread(std::function<void()>)>;
  void RunParallel(size_t count, unsigned int threads, const std::function<void(size_t)>& work,
                   const ThreadLauncher& launch);

  // The default number of threads: one per core (at least 1).
  unsigned int DefaultThreadCount();
}
