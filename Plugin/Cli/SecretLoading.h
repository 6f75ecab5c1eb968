#pragma once

#include "Cli/CliOptions.h"

#include <string>

// Where the pseudonymization key comes from: --secret, --secret-file or the RATATOSKR_SECRET
// environment variable. Without a key there are no deterministic pseudonyms, so there is no default.
namespace Ratatoskr::Cli
{
  // The file is read by the plugin's rule (Core::ReadKeyFile: first line, blanks at its ends removed);
  // --secret and RATATOSKR_SECRET are taken as they are. Every key has at least 16 characters.
  // Throws UsageError when no key is given, the file cannot be read or the key is unusable.
  std::string LoadSecret(const CliOptions& options);
}
