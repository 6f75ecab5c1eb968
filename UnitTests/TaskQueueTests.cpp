#include "Jobs/TaskQueue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using Ratatoskr::TaskQueue;

namespace
{
  void WaitFor(const std::function<bool()>& condition)
  {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!condition() && std::chrono::steady_clock::now() < deadline)
    {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}

TEST(TaskQueue, RunsPostedTasksInOrderOnceStarted)
{
  std::mutex mutex;
  std::vector<int> order;
  TaskQueue queue([](const std::string&) {});
  for (int i = 0; i < 5; i++)
  {
    queue.Post([&, i] { std::lock_guard<std::mutex> lock(mutex); order.push_back(i); });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  {
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_TRUE(order.empty());  // nothing runs before Start
  }
  queue.Start();
  WaitFor([&] { std::lock_guard<std::mutex> lock(mutex); return order.size() == 5; });
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(TaskQueue, AFailingTaskIsReportedAndTheNextOneStillRuns)
{
  std::atomic<bool> ran{false};
  std::mutex mutex;
  std::string error;
  TaskQueue queue([&](const std::string& e) { std::lock_guard<std::mutex> lock(mutex); error = e; });
  queue.Start();
  queue.Post([] { throw std::runtime_error("broken task"); });
  queue.Post([&] { ran = true; });
  WaitFor([&] { return ran.load(); });
  EXPECT_TRUE(ran);
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(error, "broken task");
}

TEST(TaskQueue, PeriodicTaskRunsRepeatedlyUntilStopped)
{
  std::atomic<int> runs{0};
  TaskQueue queue([](const std::string&) {});
  queue.SetPeriodic(std::chrono::milliseconds(10), [&] { runs++; });
  queue.Start();
  WaitFor([&] { return runs.load() >= 3; });
  EXPECT_GE(runs.load(), 3);
  queue.Stop();
  const int stopped = runs.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(runs.load(), stopped);
}

TEST(TaskQueue, StopDropsTasksNotStartedAndCanStartAgain)
{
  std::promise<void> release;
  std::shared_future<void> released(release.get_future());
  std::atomic<bool> blockerStarted{false}, droppedRan{false}, laterRan{false};
  TaskQueue queue([](const std::string&) {});
  queue.Start();
  queue.Post([&] { blockerStarted = true; released.wait(); });
  WaitFor([&] { return blockerStarted.load(); });
  queue.Post([&] { droppedRan = true; });
  std::thread stopper([&] { queue.Stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  release.set_value();
  stopper.join();
  EXPECT_FALSE(droppedRan);
  queue.Start();
  queue.Post([&] { laterRan = true; });
  WaitFor([&] { return laterRan.load(); });
  EXPECT_TRUE(laterRan);
}
