#pragma once

#include "Cli/CliOptions.h"
#include "Core/ProfileRegistry.h"

#include <memory>
#include <string>

// Turns --profile/--profile-dir/--keep-private/--delete-private/--replace into one resolved profile.
// Overrides are applied as a profile derived from the chosen one ("Extends"), so the Core resolves
// and validates them exactly like a profile file.
namespace Ratatoskr::Cli
{
  // The built-in profiles plus every --profile-dir. Throws Core::ProfileError.
  void LoadProfileSources(Core::ProfileRegistry& registry, const CliOptions& options);

  // A registered name, or a profile file (path ending in .json, or an existing file) that is loaded
  // first. Returns the profile name. Throws UsageError (unknown name) or Core::ProfileError.
  std::string LoadNamedOrFile(Core::ProfileRegistry& registry, const std::string& nameOrFile);

  // True when the command line changes the profile.
  bool HasOverrides(const CliOptions& options);

  // Registers the derived profile when there are overrides and returns its name, else baseName.
  std::string ApplyOverrides(Core::ProfileRegistry& registry, const std::string& baseName, const CliOptions& options);

  // All of the above for `nameOrFile`.
  std::shared_ptr<const Core::ResolvedProfile> SelectProfile(Core::ProfileRegistry& registry,
                                                             const std::string& nameOrFile,
                                                             const CliOptions& options);
}
