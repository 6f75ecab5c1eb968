#pragma once

#include "Core/ConfidentialityTable.h"
#include "Core/IodRequirements.h"
#include "Core/ProfileLayer.h"
#include "Core/ResolvedProfile.h"
#include "Core/SafePrivateTags.h"

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

// The named profiles available to jobs and the CLI: the built-in ones (embedded Profiles/*.json)
// plus any loaded from a folder or a file. Profiles from folders and files are resolved (Extends
// followed, Table E.1-1 applied) when loaded, so a wrong profile is rejected at once with a
// ProfileError naming file, rule and reason. Built-in profiles are parsed when loaded and resolved on
// first use (they are checked by the unit tests; a CLI run needs one of them, not all).
// Get()/ListNames()/Has() may be called from several threads, also while another thread loads.
namespace Ratatoskr::Core
{
  class ProfileRegistry
  {
  public:
    // Uses the embedded reference table, safe private tag list and IOD requirements.
    ProfileRegistry();
    // Uses the given table (e.g. read from the source tree by tests) and the embedded safe list.
    explicit ProfileRegistry(std::shared_ptr<const ConfidentialityTable> table);
    ProfileRegistry(std::shared_ptr<const ConfidentialityTable> table, SafePrivateTags safePrivateTags);

    void LoadBuiltin();                              // embedded Profiles/*.json
    void LoadDirectory(const std::string& folder);   // every *.json in the folder (not recursive)
    // One profile file (CLI --profile FILE); returns the name of the profile it defines.
    std::string LoadFile(const std::string& path);
    // One profile given as JSON text; `origin` names it in errors. Returns the profile name.
    std::string LoadJson(const std::string& json, const std::string& origin);
    // A resolved profile as the plugin serves it (GET /ratatoskr/profiles/{name}; ServedProfile.h): checked to
    // resolve here to that very document, then available under its name, replacing a profile of that name (the
    // server's is the one its uploads are checked against). Not a base for Extends. Returns the profile name.
    std::string LoadServedJson(const std::string& json, const std::string& origin);

    std::vector<std::string> ListNames() const;
    bool Has(const std::string& name) const;
    std::shared_ptr<const ResolvedProfile> Get(const std::string& name) const;  // throws ProfileError

    const ConfidentialityTable& Table() const { return *table_; }
    const IodRequirements& Iod() const { return *iodRequirements_; }

    // File names in Profiles/ (and in loaded folders) that are data, not profiles.
    static bool IsProfileFileName(const std::string& fileName);

  private:
    struct Source
    {
      std::string origin;
      std::string json;
    };

    // Parses and resolves a batch of sources together (they may extend each other and the
    // profiles already loaded); commits nothing unless every one of them is valid.
    // Built-in batches may leave resolution to the first Get().
    std::vector<std::string> LoadBatch(const std::vector<Source>& sources, bool resolveNow = true);

    std::shared_ptr<const ConfidentialityTable> table_;
    SafePrivateTags safePrivateTags_;
    std::shared_ptr<const IodRequirements> iodRequirements_;
    mutable std::shared_mutex mutex_;
    std::map<std::string, ProfileLayer> layers_;        // parsed files by name, for Extends
    // Every loaded name; null until resolved (built-in profiles not used yet).
    mutable std::map<std::string, std::shared_ptr<const ResolvedProfile>> profiles_;
  };
}
