#include "Core/ProfileRegistry.h"

#include "Core/Errors.h"

namespace Ratatoskr::Core
{
  // STUB: replaced by the real implementation shortly.
  ProfileRegistry::ProfileRegistry() : ProfileRegistry(ConfidentialityTable::LoadEmbedded()) {}
  ProfileRegistry::ProfileRegistry(std::shared_ptr<const ConfidentialityTable> table) :
    ProfileRegistry(std::move(table), SafePrivateTags::LoadEmbedded()) {}
  ProfileRegistry::ProfileRegistry(std::shared_ptr<const ConfidentialityTable> table, SafePrivateTags safe) :
    table_(std::move(table)), safePrivateTags_(std::move(safe)) {}
  void ProfileRegistry::LoadBuiltin() {}
  void ProfileRegistry::LoadDirectory(const std::string&) {}
  std::string ProfileRegistry::LoadFile(const std::string& path) { throw ProfileError(path, "", "not implemented yet"); }
  std::string ProfileRegistry::LoadJson(const std::string&, const std::string& origin) { throw ProfileError(origin, "", "not implemented yet"); }
  std::vector<std::string> ProfileRegistry::ListNames() const { return {}; }
  bool ProfileRegistry::Has(const std::string&) const { return false; }
  std::shared_ptr<const ResolvedProfile> ProfileRegistry::Get(const std::string& name) const { throw ProfileError(name, "", "unknown profile"); }
  bool ProfileRegistry::IsProfileFileName(const std::string& fileName) { return fileName != "safe-private-tags.json"; }
}
