#include "Cli/AtomicOutputFile.h"

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <unistd.h>

namespace Ratatoskr::Cli
{
  namespace
  {
    const char* const TemporarySuffix = ".ratatoskr-partial";
    const mode_t FileMode = 0666;   // less the umask, as for any file a program creates

    std::string Reason(int error)
    {
      return std::system_category().message(error);
    }

    [[noreturn]] void Fail(const std::string& what, const std::string& path, int error)
    {
      throw std::runtime_error(what + " \"" + path + "\": " + Reason(error));
    }

    std::string ParentOf(const std::string& path)
    {
      const size_t slash = path.find_last_of('/');
      if (slash == std::string::npos)
      {
        return ".";
      }
      return slash == 0 ? std::string("/") : path.substr(0, slash);
    }

    void CreateParents(const std::string& path)
    {
      const std::filesystem::path target(path);
      if (!target.has_parent_path())
      {
        return;
      }
      std::error_code error;
      std::filesystem::create_directories(target.parent_path(), error);
      if (error)
      {
        throw std::runtime_error("cannot create folder for \"" + path + "\": " + error.message());
      }
    }

    // An unnamed file gets its name through /proc/self/fd (linkat with AT_EMPTY_PATH would need
    // CAP_DAC_READ_SEARCH). Checked once: without /proc, every file takes the named path.
    bool CanLinkUnnamedFiles()
    {
      static const bool usable = ::access("/proc/self/fd", X_OK) == 0;
      return usable;
    }

    int OpenRetrying(const char* path, int flags, mode_t mode)
    {
      int descriptor;
      do
      {
        descriptor = ::open(path, flags, mode);
      } while (descriptor < 0 && errno == EINTR);
      return descriptor;
    }
  }

  AtomicOutputFile::AtomicOutputFile(std::string path) :
    path_(std::move(path))
  {
    if (!OpenUnnamed())
    {
      OpenNamed();
    }
  }

  AtomicOutputFile::~AtomicOutputFile()
  {
    Close();
    if (!committed_ && !temporaryPath_.empty())
    {
      ::unlink(temporaryPath_.c_str());
    }
  }

  bool AtomicOutputFile::OpenUnnamed()
  {
    if (!CanLinkUnnamedFiles())
    {
      return false;
    }
    const std::string parent = ParentOf(path_);
    descriptor_ = OpenRetrying(parent.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, FileMode);
    if (descriptor_ < 0 && errno == ENOENT)
    {
      CreateParents(path_);
      descriptor_ = OpenRetrying(parent.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, FileMode);
    }
    // Any failure (no O_TMPFILE support: EOPNOTSUPP, EISDIR on old kernels...) leaves it to the
    // named path, which reports real errors such as a missing permission.
    return descriptor_ >= 0;
  }

  void AtomicOutputFile::OpenNamed()
  {
    temporaryPath_ = path_ + TemporarySuffix;
    const int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
    descriptor_ = OpenRetrying(temporaryPath_.c_str(), flags, FileMode);
    if (descriptor_ < 0 && errno == ENOENT)
    {
      CreateParents(path_);
      descriptor_ = OpenRetrying(temporaryPath_.c_str(), flags, FileMode);
    }
    if (descriptor_ < 0)
    {
      const int error = errno;
      temporaryPath_.clear();   // not created: nothing to remove
      Fail("cannot write", path_, error);
    }
  }

  void AtomicOutputFile::Close()
  {
    if (descriptor_ >= 0)
    {
      ::close(descriptor_);
      descriptor_ = -1;
    }
  }

  void AtomicOutputFile::LinkUnnamed()
  {
    const std::string self = "/proc/self/fd/" + std::to_string(descriptor_);
    const auto link = [&self](const std::string& name) {
      return ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0 ? 0 : errno;
    };
    int error = link(path_);
    if (error == 0)
    {
      return;
    }
    if (error == EEXIST)
    {
      // A file is there already: this one takes the temporary name and replaces it by a rename.
      const std::string temporary = path_ + TemporarySuffix;
      error = link(temporary);
      if (error == EEXIST)
      {
        ::unlink(temporary.c_str());   // left by an interrupted run
        error = link(temporary);
      }
      if (error == 0)
      {
        temporaryPath_ = temporary;
        return;
      }
    }
    Fail("cannot write", path_, error);
  }

  void AtomicOutputFile::Commit()
  {
    if (temporaryPath_.empty())
    {
      LinkUnnamed();   // names the file, or gives it the temporary name when it replaces one
    }
    Close();
    if (!temporaryPath_.empty() && ::rename(temporaryPath_.c_str(), path_.c_str()) != 0)
    {
      const int error = errno;
      Fail("cannot rename the output to", path_, error);
    }
    committed_ = true;
  }
}
