#include "Core/ParallelRun.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <system_error>
#include <vector>

using Ratatoskr::Core::RunParallel;

TEST(ParallelRun, EveryIndexRunsOnce)
{
  std::vector<std::atomic<int>> runs(100);
  RunParallel(runs.size(), 4, [&](size_t i) { runs[i]++; });
  for (const auto& r : runs)
  {
    EXPECT_EQ(1, r.load());
  }
}

TEST(ParallelRun, AThreadThatCannotStartLeavesItsShareToTheOthers)
{
  std::vector<std::atomic<int>> runs(50);
  int launched = 0;
  auto launch = [&](std::function<void()> body) -> std::thread
  {
    if (++launched >= 2)  // the first starts, every later one fails as when the process has no threads left
    {
      throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again));
    }
    return std::thread(std::move(body));
  };
  RunParallel(runs.size(), 8, [&](size_t i) { runs[i]++; }, launch);
  for (const auto& r : runs)
  {
    EXPECT_EQ(1, r.load());
  }
}

TEST(ParallelRun, NoThreadAtAllStillDoesTheWork)
{
  std::vector<std::atomic<int>> runs(10);
  auto launch = [](std::function<void()>) -> std::thread { throw std::bad_alloc(); };
  RunParallel(runs.size(), 4, [&](size_t i) { runs[i]++; }, launch);
  for (const auto& r : runs)
  {
    EXPECT_EQ(1, r.load());
  }
}

TEST(ParallelRun, TheFirstErrorIsRethrownAfterTheRest)
{
  std::atomic<int> done{0};
  EXPECT_THROW(RunParallel(20, 3, [&](size_t i)
  {
    done++;
    if (i == 3)
    {
      throw std::runtime_error("three");
    }
  }), std::runtime_error);
  EXPECT_EQ(20, done.load());
}
