#pragma once

#include <dcmtk/dcmdata/dcxfer.h>

#include <cstddef>
#include <functional>

class DcmFileFormat;
class DcmOutputStream;
class DcmWriteCache;
class OFCondition;

// The bytes the CLI writes for an anonymized file, to a stream (the file, DicomFileWriter) or to a sink
// (the WebAssembly engine, which must write the very same bytes).
namespace Ratatoskr::Cli
{
  // The dataset's current transfer syntax (the one it was read with, unless the engine had to decode pixels
  // to mask them); Explicit VR Little Endian when it has none.
  E_TransferSyntax OutputTransferSyntax(DcmFileFormat& file);

  // What DcmFileFormat::saveFile does (same arguments), on the given stream. `cache` is for values still on
  // disk (may be null when everything is in memory). Call between transferInit() and transferEnd().
  OFCondition WriteForOutput(DcmFileFormat& file, DcmOutputStream& stream, DcmWriteCache* cache);

  // The same bytes, given to `sink` chunk by chunk as DCMTK encodes them (the WebAssembly engine hands them
  // to JavaScript: no second copy of a large file in the heap). Throws std::runtime_error with DCMTK's reason
  // (never a value of the file); chunks given before the error are then incomplete.
  using OutputSink = std::function<void(const char* data, size_t size)>;
  void EncodeForOutput(DcmFileFormat& file, const OutputSink& sink);
}
