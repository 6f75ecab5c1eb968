#pragma once

#include <dcmtk/dcmdata/dcxfer.h>

#include <string>

class DcmFileFormat;
class DcmOutputStream;
class DcmWriteCache;
class OFCondition;

// The bytes the CLI writes for an anonymized file, to a stream (the file, DicomFileWriter) or into memory
// (the WebAssembly engine, which must write the very same bytes).
namespace Ratatoskr::Cli
{
  // The dataset's current transfer syntax (the one it was read with, unless the engine had to decode pixels
  // to mask them); Explicit VR Little Endian when it has none.
  E_TransferSyntax OutputTransferSyntax(DcmFileFormat& file);

  // What DcmFileFormat::saveFile does (same arguments), on the given stream. `cache` is for values still on
  // disk (may be null when everything is in memory). Call between transferInit() and transferEnd().
  OFCondition WriteForOutput(DcmFileFormat& file, DcmOutputStream& stream, DcmWriteCache* cache);

  // The same bytes in memory. Throws std::runtime_error with DCMTK's reason (never a value of the file).
  std::string EncodeForOutput(DcmFileFormat& file);
}
