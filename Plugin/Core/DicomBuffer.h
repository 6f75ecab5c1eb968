#pragma once

#include <cstddef>
#include <memory>
#include <string>

class DcmFileFormat;

// DICOM Part 10 files in memory.
namespace Ratatoskr::Core::DicomBuffer
{
  // Parses a Part 10 file (128-byte preamble, "DICM", file meta header, dataset). Throws
  // DicomInputError with a precise reason: too short, no "DICM" signature (not DICOM or no meta
  // header), truncated, bad encoding, empty dataset. Never a value from the file in the message.
  std::unique_ptr<DcmFileFormat> Read(const void* data, size_t size);

  // Serializes with the dataset's current transfer syntax and a regenerated file meta header
  // (dataset written without group lengths). Throws AnonymizationError if DCMTK cannot encode it.
  std::string Write(DcmFileFormat& file);
}
