#pragma once

#include "Core/ConfidentialityTable.h"
#include "Core/IodRequirements.h"
#include "Core/ResolvedProfile.h"
#include "Core/SafePrivateTags.h"

#include <json/value.h>

#include <memory>
#include <string>

// A resolved profile as the plugin serves it (GET /ratatoskr/profiles/{name}: ResolvedProfile::ToJson()), loaded
// back into an engine, e.g. the upload page's WebAssembly engine. It is not a profile file: it carries the keys the
// resolution adds (ExtendsChain, the rules' "From", TableActions, CurveData, OverlayData, OverlayComments,
// ConformsToBasicProfile, IodRequirements, Hash, SourceFile), which hand-written profiles may not have (their
// parser stays as strict as it is). The document is turned back into its Extends chain of layers (one per
// ExtendsChain name, each with its own rules, the merged scalar fields on the root), parsed by the same strict
// parser and resolved here against this engine's table, safe private tags and IOD requirements; then every key of
// the document, the served-only ones included, must equal what this engine resolves from it. So the profile runs
// exactly as on the server (same hash in every report and marker), or is refused naming the first key that
// differs (the server runs another version of the engine or of its tables).
namespace Ratatoskr::Core
{
  // True for a document of that shape (an object with "Hash" and "ExtendsChain"): what LoadServedJson expects.
  bool IsServedProfile(const Json::Value& json);

  // Throws ProfileError(origin, key, reason) on an unknown key, a malformed value, or a key whose value differs
  // from what this engine resolves from the document.
  std::shared_ptr<const ResolvedProfile> ResolveServedProfile(const Json::Value& served, const std::string& origin,
                                                              const ConfidentialityTable& table,
                                                              const SafePrivateTags& safePrivateTags,
                                                              std::shared_ptr<const IodRequirements> iodRequirements);
}
