#pragma once

#include <string>

// An output file that appears under its final name only once it is complete, so a failed or
// interrupted run never leaves a half-written file there.
//
// Where the file system allows it (ext4, xfs, btrfs, tmpfs...), the data goes to an unnamed file
// (O_TMPFILE) that Commit() links under the final name: one directory entry per file, none left behind
// by a crash, and the inode is allocated without holding the directory's lock, so several workers
// writing into one folder do not queue behind each other. Elsewhere, and to replace an existing file,
// "<name>.ratatoskr-partial" is written and renamed. Missing parent folders are created on first need.
namespace Ratatoskr::Cli
{
  class AtomicOutputFile
  {
  public:
    // Opens the file for writing. Throws std::runtime_error naming the path and the system reason.
    explicit AtomicOutputFile(std::string path);
    // Closes; an uncommitted file disappears.
    ~AtomicOutputFile();

    AtomicOutputFile(const AtomicOutputFile&) = delete;
    AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

    int Descriptor() const { return descriptor_; }

    // Closes the file and gives it its final name, replacing a file already there. Throws
    // std::runtime_error (the file is then removed).
    void Commit();

  private:
    bool OpenUnnamed();
    void OpenNamed();
    void LinkUnnamed();
    void Close();

    std::string path_;
    std::string temporaryPath_;   // named temporary, empty while the file is unnamed
    int descriptor_ = -1;
    bool committed_ = false;
  };
}
