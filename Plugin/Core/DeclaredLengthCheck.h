#pragma once

#include <cstddef>

// A quick walk over the element headers of a DICOM Part 10 buffer, before DCMTK parses it: DCMTK
// allocates an element's declared length before it notices that the data is shorter, so a 1 kB file
// declaring a 4 GiB element costs 4 GiB (found by fuzzing). This check throws DicomInputError when an
// element or item declares more bytes than remain in the buffer. It only rejects what it is sure of: on
// anything it does not follow (deflate, big endian, odd structures) it stops and leaves the verdict to
// DCMTK.
namespace Ratatoskr::Core
{
  void CheckDeclaredLengths(const void* data, size_t size);
}
