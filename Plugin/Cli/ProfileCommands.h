#pragma once

#include "Cli/CliOptions.h"

#include <ostream>

// --list-profiles and --show-profile.
namespace Ratatoskr::Cli
{
  // One line per profile: name, version, hash, first sentence of the description.
  int ListProfiles(const CliOptions& options, std::ostream& out);

  // The resolved profile (with the command-line overrides) as styled JSON.
  int ShowProfile(const CliOptions& options, std::ostream& out);
}
