#include "Core/ProfileRegistry.h"

#include "Core/EmbeddedResources.h"
#include "Core/Errors.h"
#include "Core/JsonText.h"
#include "Core/ProfileResolver.h"
#include "Core/ServedProfile.h"

#include <algorithm>
#include <filesystem>

namespace Ratatoskr::Core
{
  namespace
  {
    std::string BaseName(const std::string& path)
    {
      const size_t slash = path.find_last_of('/');
      return slash == std::string::npos ? path : path.substr(slash + 1);
    }

    bool HasJsonExtension(const std::string& name)
    {
      return name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0;
    }
  }

  ProfileRegistry::ProfileRegistry() :
    ProfileRegistry(ConfidentialityTable::LoadEmbedded())
  {
  }

  ProfileRegistry::ProfileRegistry(std::shared_ptr<const ConfidentialityTable> table) :
    ProfileRegistry(std::move(table), SafePrivateTags::LoadEmbedded())
  {
  }

  ProfileRegistry::ProfileRegistry(std::shared_ptr<const ConfidentialityTable> table, SafePrivateTags safePrivateTags) :
    table_(std::move(table)),
    safePrivateTags_(std::move(safePrivateTags))
  {
    if (!table_)
    {
      throw ProfileError(ConfidentialityTable::EmbeddedPath, "", "no reference table given");
    }
    iodRequirements_ = IodRequirements::LoadEmbedded(*table_);
  }

  bool ProfileRegistry::IsProfileFileName(const std::string& fileName)
  {
    return HasJsonExtension(fileName) && fileName != BaseName(SafePrivateTags::EmbeddedPath) &&
           fileName != BaseName(IodRequirements::EmbeddedPath);
  }

  void ProfileRegistry::LoadBuiltin()
  {
    std::vector<Source> sources;
    for (const std::string& path : Embedded::List("Profiles/"))
    {
      const std::string name = BaseName(path);
      if (path.find('/', 9) != std::string::npos || !IsProfileFileName(name))
      {
        continue;
      }
      Source source;
      source.origin = path;
      Embedded::Find(path, source.json);
      sources.push_back(std::move(source));
    }
    LoadBatch(sources, false);
  }

  void ProfileRegistry::LoadDirectory(const std::string& folder)
  {
    namespace fs = std::filesystem;
    std::error_code error;
    if (!fs::is_directory(folder, error))
    {
      throw ProfileError(folder, "", "not a readable directory");
    }
    std::vector<std::string> files;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error))
    {
      const std::string name = it->path().filename().string();
      if (IsProfileFileName(name) && it->is_regular_file())
      {
        files.push_back(it->path().string());
      }
    }
    if (error)
    {
      throw ProfileError(folder, "", "cannot list the directory: " + error.message());
    }
    std::sort(files.begin(), files.end());
    std::vector<Source> sources;
    for (const std::string& file : files)
    {
      sources.push_back(Source{file, JsonText::ReadFile(file)});
    }
    LoadBatch(sources);
  }

  std::string ProfileRegistry::LoadFile(const std::string& path)
  {
    return LoadBatch({Source{path, JsonText::ReadFile(path)}}).front();
  }

  std::string ProfileRegistry::LoadJson(const std::string& json, const std::string& origin)
  {
    return LoadBatch({Source{origin, json}}).front();
  }

  std::string ProfileRegistry::LoadServedJson(const std::string& json, const std::string& origin)
  {
    // table_, safePrivateTags_ and iodRequirements_ never change after construction: resolved without the lock.
    std::shared_ptr<const ResolvedProfile> profile =
      ResolveServedProfile(JsonText::Parse(json, origin), origin, *table_, safePrivateTags_, iodRequirements_);
    std::unique_lock<std::shared_mutex> lock(mutex_);
    profiles_[profile->Name()] = profile;
    return profile->Name();
  }

  std::vector<std::string> ProfileRegistry::LoadBatch(const std::vector<Source>& sources, bool resolveNow)
  {
    std::unique_lock<std::shared_mutex> lock(mutex_);
    std::map<std::string, ProfileLayer> layers = layers_;
    std::vector<std::string> names;
    for (const Source& source : sources)
    {
      ProfileLayer layer = ParseProfileLayer(JsonText::Parse(source.json, source.origin), source.origin, *table_);
      const auto existing = layers.find(layer.name);
      if (existing != layers.end())
      {
        throw ProfileError(source.origin, "Name", "duplicate profile name \"" + layer.name + "\" (already defined by " +
                           existing->second.origin + ")");
      }
      if (profiles_.count(layer.name) != 0)
      {
        throw ProfileError(source.origin, "Name", "duplicate profile name \"" + layer.name +
                           "\" (already loaded as a resolved profile)");
      }
      names.push_back(layer.name);
      layers.emplace(layer.name, std::move(layer));
    }
    std::map<std::string, std::shared_ptr<const ResolvedProfile>> resolved;
    for (const std::string& name : names)
    {
      resolved[name] = resolveNow ? ResolveProfile(name, layers, *table_, safePrivateTags_, iodRequirements_) : nullptr;
    }
    layers_ = std::move(layers);
    profiles_.insert(resolved.begin(), resolved.end());
    return names;
  }

  std::vector<std::string> ProfileRegistry::ListNames() const
  {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    std::vector<std::string> names;
    for (const auto& entry : profiles_)
    {
      names.push_back(entry.first);
    }
    return names;
  }

  bool ProfileRegistry::Has(const std::string& name) const
  {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    return profiles_.count(name) != 0;
  }

  std::shared_ptr<const ResolvedProfile> ProfileRegistry::Get(const std::string& name) const
  {
    {
      std::shared_lock<std::shared_mutex> lock(mutex_);
      const auto found = profiles_.find(name);
      if (found == profiles_.end())
      {
        throw ProfileError(name, "", "unknown profile (known: " + std::to_string(profiles_.size()) + " profiles)");
      }
      if (found->second)
      {
        return found->second;
      }
    }
    std::unique_lock<std::shared_mutex> lock(mutex_);
    std::shared_ptr<const ResolvedProfile>& slot = profiles_.at(name);
    if (!slot)
    {
      slot = ResolveProfile(name, layers_, *table_, safePrivateTags_, iodRequirements_);
    }
    return slot;
  }
}
