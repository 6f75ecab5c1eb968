#include "Core/ServedProfile.h"

#include "Core/Errors.h"
#include "Core/JsonText.h"
#include "Core/ProfileLayer.h"
#include "Core/ProfileResolver.h"

#include <map>
#include <set>

namespace Ratatoskr::Core
{
  namespace
  {
    // The keys of ResolvedProfile::ToJson(). Those a profile file has too go back into the layers; the others are
    // derived by the resolution and only compared.
    const std::set<std::string> ServedKeys = {
      "Name", "Version", "Description", "ExtendsChain", "Options", "Whitelist", "PrivateTags", "BurnedInAnnotation",
      "Masks", "DateShift", "CurveData", "OverlayData", "OverlayComments", "ConformsToBasicProfile",
      "IodRequirements", "Rules", "TableActions", "Hash", "SourceFile"};
    // Merged fields of the resolved profile, given to the root layer (the children add nothing to them).
    const char* const RootFields[] = {"Version", "Description", "Options", "Whitelist", "BurnedInAnnotation", "Masks",
                                      "DateShift"};

    std::vector<std::string> ReadChain(const Json::Value& served, const std::string& origin)
    {
      const Json::Value& chain = served["ExtendsChain"];
      if (!chain.isArray() || chain.empty())
      {
        throw ProfileError(origin, "ExtendsChain", "must be a non-empty array of profile names");
      }
      std::vector<std::string> names;
      std::set<std::string> seen;
      for (const Json::Value& name : chain)
      {
        if (!name.isString() || !IsValidProfileName(name.asString()) || !seen.insert(name.asString()).second)
        {
          throw ProfileError(origin, "ExtendsChain", "must be an array of distinct profile names");
        }
        names.push_back(name.asString());
      }
      if (!served["Name"].isString() || served["Name"].asString() != names.front())
      {
        throw ProfileError(origin, "Name", "must be the first name of \"ExtendsChain\"");
      }
      return names;
    }

    Json::Value ServedPrivateTags(const Json::Value& served, const std::string& origin)
    {
      const Json::Value& tags = served["PrivateTags"];
      if (!tags.isObject())
      {
        throw ProfileError(origin, "PrivateTags", "must be an object");
      }
      Json::Value layer(Json::objectValue);
      for (const std::string& key : tags.getMemberNames())
      {
        if (key == "Policy" || key == "Creators" || key == "SafeTags")
        {
          layer[key] = tags[key];
        }
        else if (key != "SafeTagsVersion")   // derived: compared with the whole document below
        {
          throw ProfileError(origin, "PrivateTags", "unknown key \"" + key + "\"");
        }
      }
      if (layer.isMember("Creators") && layer["Creators"].isArray() && layer["Creators"].empty())
      {
        layer.removeMember("Creators");      // the resolved form lists none as []
      }
      return layer;
    }

    Json::Value WithoutSourceFile(Json::Value json)
    {
      json.removeMember("SourceFile");
      return json;
    }
  }

  bool IsServedProfile(const Json::Value& json)
  {
    return json.isObject() && json.isMember("Hash") && json.isMember("ExtendsChain");
  }

  std::shared_ptr<const ResolvedProfile> ResolveServedProfile(const Json::Value& served, const std::string& origin,
                                                              const ConfidentialityTable& table,
                                                              const SafePrivateTags& safePrivateTags,
                                                              std::shared_ptr<const IodRequirements> iodRequirements)
  {
    if (!served.isObject())
    {
      throw ProfileError(origin, "", "a resolved profile must be a JSON object");
    }
    for (const std::string& key : served.getMemberNames())
    {
      if (ServedKeys.count(key) == 0)
      {
        throw ProfileError(origin, "", "unknown key \"" + key + "\" in a resolved profile");
      }
    }
    for (const std::string& key : ServedKeys)
    {
      if (key != "SourceFile" && !served.isMember(key))
      {
        throw ProfileError(origin, "", "a resolved profile must have \"" + key + "\"");
      }
    }
    const std::vector<std::string> chain = ReadChain(served, origin);

    // One layer per name of the chain, leaf first, each extending the next.
    std::vector<Json::Value> layers(chain.size(), Json::Value(Json::objectValue));
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < chain.size(); ++i)
    {
      layers[i]["Name"] = chain[i];
      if (i + 1 < chain.size())
      {
        layers[i]["Extends"] = chain[i + 1];
      }
      index[chain[i]] = i;
    }
    Json::Value& root = layers.back();
    for (const char* field : RootFields)
    {
      root[field] = served[field];
    }
    root["PrivateTags"] = ServedPrivateTags(served, origin);

    // Each rule back into the layer it came from ("From").
    const Json::Value& rules = served["Rules"];
    if (!rules.isArray())
    {
      throw ProfileError(origin, "Rules", "must be an array");
    }
    for (Json::ArrayIndex i = 0; i < rules.size(); ++i)
    {
      const std::string where = "Rules[" + std::to_string(i) + "]";
      if (!rules[i].isObject() || !rules[i]["From"].isString() || index.count(rules[i]["From"].asString()) == 0)
      {
        throw ProfileError(origin, where, "\"From\" must name a profile of \"ExtendsChain\"");
      }
      Json::Value rule = rules[i];
      Json::Value& layer = layers[index.at(rule["From"].asString())];
      rule.removeMember("From");
      layer["Rules"].append(rule);
    }

    std::map<std::string, ProfileLayer> parsed;
    for (const Json::Value& layer : layers)
    {
      ProfileLayer p = ParseProfileLayer(layer, origin, table);
      parsed.emplace(p.name, std::move(p));
    }
    std::shared_ptr<const ResolvedProfile> resolved =
      ResolveProfile(chain.front(), parsed, table, safePrivateTags, std::move(iodRequirements));

    // The whole document, derived keys included, must be what this engine makes of it.
    const Json::Value expected = WithoutSourceFile(served);
    const Json::Value actual = WithoutSourceFile(resolved->ToJson());
    if (JsonText::Canonical(expected) != JsonText::Canonical(actual))
    {
      std::string key = "?";
      for (const std::string& name : actual.getMemberNames())
      {
        if (JsonText::Canonical(expected[name]) != JsonText::Canonical(actual[name]))
        {
          key = name;
          break;
        }
      }
      throw ProfileError(origin, key, "differs from what this engine resolves from the profile (hash " +
                         resolved->Hash() + " here): the server runs another version of the engine or its tables");
    }
    return resolved;
  }
}
