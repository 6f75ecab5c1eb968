#pragma once

#include <cstddef>
#include <functional>

// Runs work(0..count-1) on `threads` threads; each index runs exactly once, in ascending order of
// start. Returns when all are done. If a call throws, the remaining indices still run and the first
// exception is rethrown at the end.
namespace Ratatoskr::Cli
{
  void RunParallel(size_t count, unsigned int threads, const std::function<void(size_t)>& work);

  // The default number of threads: one per core (at least 1).
  unsigned int DefaultThreadCount();
}
