#pragma once

#include "Cli/CliOptions.h"

// The main command: anonymize (or preview) the inputs. Returns the exit code: 0 when every DICOM
// file was anonymized, 1 otherwise. Throws UsageError/Core::ProfileError before touching any file.
namespace Ratatoskr::Cli
{
  int RunAnonymize(const CliOptions& options);
}
