#pragma once

#include "Cli/DicomFileReader.h"
#include "Cli/FileResult.h"

#include <optional>

// The CLI's decisions on one input, shared by FileProcessor (files on disk) and the WebAssembly engine (the
// same files as bytes), so both reject the same inputs with the same reasons.
namespace Ratatoskr::Cli
{
  // Why a loaded input is not anonymized (unreadable, not DICOM, unparsable, a DICOMDIR), or nothing.
  // Not being DICOM fails an input named on the command line and skips one found in a folder.
  std::optional<FileResult> Rejection(const LoadedDicom& loaded, bool explicitlyNamed);

  // The failure for the exception being handled: call it inside a catch block. Names the reason, never a
  // value read from the file.
  FileResult FailureOfCurrentException();
}
