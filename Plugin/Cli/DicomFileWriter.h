#pragma once

#include <cstdint>
#include <string>

class DcmFileFormat;

// Writes an anonymized file through an AtomicOutputFile, so a failed or interrupted run never leaves a
// half-written output under the final name.
namespace Ratatoskr::Cli
{
  // Creates the parent folders, keeps the transfer syntax the file was read with (or the one the
  // engine changed it to), writes the bytes DcmFileFormat::saveFile would write, and returns the size
  // of the file. Throws std::runtime_error naming the output path and the DCMTK/system reason.
  uintmax_t SaveAtomically(DcmFileFormat& file, const std::string& path);
}
