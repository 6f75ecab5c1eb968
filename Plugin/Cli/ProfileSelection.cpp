#include "Cli/ProfileSelection.h"

#include "Cli/Join.h"

#include <json/value.h>
#include <json/writer.h>

#include <filesystem>

namespace Ratatoskr::Cli
{
  namespace
  {
    const size_t MaxProfileNameLength = 32;
    const char* const OverrideOrigin = "command line (--keep-private/--delete-private/--replace)";

    bool EndsWith(const std::string& text, const std::string& suffix)
    {
      return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
    }


    std::string DerivedName(const std::string& baseName)
    {
      const std::string suffix = "-cli";
      return baseName.size() + suffix.size() <= MaxProfileNameLength ? baseName + suffix : "cli-overrides";
    }

    Json::Value PrivateTagsJson(const CliOptions& options)
    {
      Json::Value privateTags(Json::objectValue);
      switch (options.privateTags)
      {
        case PrivateTagOverride::KeepSafe:
          privateTags["Policy"] = "RetainSafe";
          break;
        case PrivateTagOverride::KeepCreators:
          privateTags["Policy"] = "KeepCreators";
          privateTags["Creators"] = Json::Value(Json::arrayValue);
          for (const std::string& creator : options.privateCreators)
          {
            privateTags["Creators"].append(creator);
          }
          break;
        default:
          privateTags["Policy"] = "Remove";
          break;
      }
      return privateTags;
    }

    std::string Describe(const CliOptions& options)
    {
      std::vector<std::string> parts;
      switch (options.privateTags)
      {
        case PrivateTagOverride::KeepSafe: parts.push_back("--keep-private"); break;
        case PrivateTagOverride::KeepCreators: parts.push_back("--keep-private-creator"); break;
        case PrivateTagOverride::Delete: parts.push_back("--delete-private"); break;
        default: break;
      }
      for (const auto& replacement : options.replacements)
      {
        parts.push_back("--replace " + replacement.first);
      }
      return Join(parts);
    }
  }

  void LoadProfileSources(Core::ProfileRegistry& registry, const CliOptions& options)
  {
    registry.LoadBuiltin();
    for (const std::string& folder : options.profileDirectories)
    {
      registry.LoadDirectory(folder);
    }
  }

  std::string LoadNamedOrFile(Core::ProfileRegistry& registry, const std::string& nameOrFile)
  {
    std::error_code error;
    if (EndsWith(nameOrFile, ".json") || std::filesystem::is_regular_file(nameOrFile, error))
    {
      return registry.LoadFile(nameOrFile);
    }
    if (!registry.Has(nameOrFile))
    {
      throw UsageError("unknown profile \"" + nameOrFile + "\" (available: " + Join(registry.ListNames()) +
                       "; or give a profile file)");
    }
    return nameOrFile;
  }

  bool HasOverrides(const CliOptions& options)
  {
    return options.privateTags != PrivateTagOverride::None || !options.replacements.empty();
  }

  std::string ApplyOverrides(Core::ProfileRegistry& registry, const std::string& baseName, const CliOptions& options)
  {
    if (!HasOverrides(options))
    {
      return baseName;
    }
    Json::Value derived(Json::objectValue);
    derived["Name"] = DerivedName(baseName);
    derived["Extends"] = baseName;
    derived["Description"] = "Profile \"" + baseName + "\" with command-line overrides: " + Describe(options);
    if (options.privateTags != PrivateTagOverride::None)
    {
      derived["PrivateTags"] = PrivateTagsJson(options);
    }
    if (!options.replacements.empty())
    {
      Json::Value rules(Json::arrayValue);
      for (const auto& replacement : options.replacements)
      {
        Json::Value rule(Json::objectValue);
        rule["Attribute"] = replacement.first;
        rule["Action"] = "Replace";
        rule["Value"] = replacement.second;
        rules.append(rule);
      }
      derived["Rules"] = rules;
    }
    Json::StreamWriterBuilder writer;
    return registry.LoadJson(Json::writeString(writer, derived), OverrideOrigin);
  }

  std::shared_ptr<const Core::ResolvedProfile> SelectProfile(Core::ProfileRegistry& registry,
                                                             const std::string& nameOrFile,
                                                             const CliOptions& options)
  {
    const std::string baseName = LoadNamedOrFile(registry, nameOrFile);
    return registry.Get(ApplyOverrides(registry, baseName, options));
  }
}
