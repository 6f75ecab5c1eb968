#pragma once

#include "Core/ConfidentialityTable.h"
#include "Core/IodRequirements.h"
#include "Core/ProfileLayer.h"
#include "Core/ResolvedProfile.h"
#include "Core/SafePrivateTags.h"

#include <map>
#include <memory>
#include <string>

// Follows a profile's Extends chain and applies Table E.1-1 with the profile's options.
// Merging: scalar and object fields of a child replace its base's; "Rules" and
// "PrivateTags.SafeTags" add up (a later rule for the same attribute path wins).
namespace Ratatoskr::Core
{
  // The action code of a table row with a set of options: a "C" from any enabled option wins, then a
  // "K", then the Basic Profile code.
  std::string EffectiveTableCode(const TableRow& row, const std::set<DeidentificationOption>& options);

  // Maps a table code to an action: X remove, Z empty, D dummy, K keep, C clean, U remap; combined
  // codes resolve to the component that keeps the IOD valid (X/Z -> Z, X/D, Z/D, X/Z/D -> D,
  // X/Z/U* -> U). ResolveProfile removes sequences with X/Z, X/D, X/Z/D instead, and the engine turns a
  // removal or emptying the IOD of an instance does not allow into an empty or dummy value
  // (IodRequirements). Returns false for an unknown code.
  bool ActionOfTableCode(const std::string& code, ActionKind& kind);

  // Throws ProfileError naming the file that is wrong (unknown base, cycle, conflicting options...).
  std::shared_ptr<const ResolvedProfile> ResolveProfile(const std::string& name,
                                                        const std::map<std::string, ProfileLayer>& layers,
                                                        const ConfidentialityTable& table,
                                                        const SafePrivateTags& safePrivateTags,
                                                        std::shared_ptr<const IodRequirements> iodRequirements);
}
