#pragma once

#include <filesystem>
#include <string>

namespace Ratatoskr::Tests
{
  // A new empty folder under the system's temporary folder, named after the running test and the process,
  // removed with everything in it at the end of the scope.
  class TemporaryFolder
  {
  public:
    TemporaryFolder();
    ~TemporaryFolder();

    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;

    const std::filesystem::path& Path() const { return path_; }
    std::string File(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
  };
}
