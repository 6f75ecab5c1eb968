#pragma once

#include "Cli/CliOptions.h"

#include <string>

// Where the pseudonymization key comes from: --secret, --secret-file or the RATATOSKR_SECRET
// environment variable. Without a key there are no deterministic pseudonyms, so there is no default.
namespace Ratatoskr::Cli
{
  // Throws UsageError when no key is given, the file cannot be read or the key is empty.
  std::string LoadSecret(const CliOptions& options);
}
