#include "TemporaryFolder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <unistd.h>

namespace Ratatoskr::Tests
{
  TemporaryFolder::TemporaryFolder()
  {
    static std::atomic<unsigned int> counter{0};
    std::string name = "ratatoskr-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
    if (const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info())
    {
      name += std::string("-") + test->name();
    }
    for (char& c : name)
    {
      if (c == '/')
      {
        c = '_';  // parameterized tests are named "Name/0"
      }
    }
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }

  TemporaryFolder::~TemporaryFolder()
  {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
}
