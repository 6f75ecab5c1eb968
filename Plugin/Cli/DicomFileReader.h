#pragma once

#include "Cli/DicomSniffer.h"

#include <cstdint>
#include <memory>
#include <string>

class DcmFileFormat;

// Reads one input file for the engine. Files up to InMemoryLimit are read with one system call and
// parsed from memory by Core::DicomBuffer (the plugin's parser, same checks and messages): cheapest
// for the many small files of a study. Larger ones are parsed by DCMTK from disk, which leaves big
// values (pixel data) on disk until they are written: no copy, no large allocation per file.
namespace Ratatoskr::Cli
{
  struct LoadedDicom
  {
    FileKind kind = FileKind::Unreadable;
    std::unique_ptr<DcmFileFormat> file;   // null when not DICOM or not parsable
    std::string bytes;                     // the whole file, when it was read into memory
    uintmax_t size = 0;
    std::string parseError;                // why `file` is null although kind says DICOM
  };

  const uintmax_t InMemoryLimit = 256 * 1024;

  LoadedDicom LoadDicomFile(const std::string& path);

  // The same for a file already in memory (the WebAssembly engine's input), with the same decisions: up to
  // InMemoryLimit through Core::DicomBuffer, larger files and datasets without meta header read as DCMTK's
  // loadFile reads them (from the bytes instead of the disk). `bytes` is kept only when parsed in memory.
  LoadedDicom LoadDicomBytes(std::string bytes);
}
