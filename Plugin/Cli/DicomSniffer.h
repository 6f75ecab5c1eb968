#pragma once

#include <cstddef>

// A cheap look at the first bytes of a file, to tell DICOM files from the other files of a folder
// (reports, thumbnails, .DS_Store...) before parsing them.
namespace Ratatoskr::Cli
{
  enum class FileKind
  {
    Part10,        // 128-byte preamble + "DICM"
    RawDataset,    // no preamble, but starts like a dataset (group 0002 or 0008 tag, either byte order)
    NotDicom,
    Unreadable
  };

  // `data` holds the start of the file (at least the first 132 bytes when the file is that long).
  FileKind SniffBytes(const void* data, size_t size);
}
