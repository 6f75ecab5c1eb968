#include "Configuration.h"

#include "Core/Pseudonymizer.h"
#include "Core/SecretText.h"
#include "Rest/CrossSiteCheck.h"

#include <regex>

namespace Ratatoskr
{
  namespace
  {
    // Secret / SecretFile pair of a section: at most one of them; a secret must be long enough to be a key.
    std::string ReadSecret(ConfigurationSection& section, std::string& source)
    {
      const std::string inline_ = section.String("Secret", "");
      const std::string file = section.String("SecretFile", "");
      if (!inline_.empty() && !file.empty())
      {
        throw ConfigurationError("\"" + section.Path() + ".Secret\" and \"" + section.Path() +
                                 ".SecretFile\" cannot both be set");
      }
      // The same reader as the CLI's --secret-file (Core/SecretText.h), so one key file gives one
      // set of pseudonyms.
      try
      {
        if (!file.empty())
        {
          source = "file";
          return Core::ReadKeyFile(file);
        }
        if (!inline_.empty())
        {
          source = "configuration";
          Core::CheckSecretLength(inline_);
        }
        return inline_;
      }
      catch (const Core::SecretError& e)
      {
        const std::string where = file.empty() ? "\"" + section.Path() + ".Secret\""
                                               : "\"" + section.Path() + ".SecretFile\" (" + file + ")";
        throw ConfigurationError(where + ": " + e.what());
      }
    }

    void CheckName(const std::string& name, const std::string& path)
    {
      static const std::regex valid("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
      if (!std::regex_match(name, valid))
      {
        throw ConfigurationError("\"" + path + "\": \"" + name +
                                 "\" is not a valid name (letters, digits, '_', '.', '-'; at most 64)");
      }
    }
  }

  Configuration Configuration::Parse(const Json::Value& json, const std::string& storageDirectory)
  {
    Configuration c;
    ConfigurationSection root(json, "Ratatoskr");

    c.databasePath = root.String("DatabasePath", "");
    if (c.databasePath.empty())
    {
      c.databasePath = storageDirectory + "/ratatoskr.db";
    }
    c.secret = ReadSecret(root, c.secretSource);

    c.uidRoot = root.String("UidRoot", c.uidRoot);
    if (!Core::Pseudonymizer::IsValidUidRoot(c.uidRoot))
    {
      throw ConfigurationError(std::string("\"Ratatoskr.UidRoot\" must be a UID root such as \"2.25\" (") +
                               Core::Pseudonymizer::UidRootRule + ")");
    }

    c.profilesDirectory = root.String("ProfilesDirectory", "");
    c.defaultProfile = root.String("DefaultProfile", c.defaultProfile);
    c.concurrentInstances = root.UnsignedInteger("ConcurrentInstances", 0, 0, 64);
    c.failOnLeak = root.Bool("FailOnLeak", true);

    ConfigurationSection webhooks = root.Object("Webhooks");
    for (const std::string& name : webhooks.Keys())
    {
      ConfigurationSection w = webhooks.Object(name);
      CheckName(name, w.Path());
      WebhookConfiguration hook;
      hook.name = name;
      hook.url = w.String("Url", "");
      if (hook.url.compare(0, 7, "http://") != 0 && hook.url.compare(0, 8, "https://") != 0)
      {
        throw ConfigurationError("\"" + w.Path() + ".Url\" must be an http:// or https:// URL");
      }
      std::string source;
      hook.secret = ReadSecret(w, source);
      if (hook.secret.empty())
      {
        throw ConfigurationError("\"" + w.Path() + "\" needs \"Secret\" or \"SecretFile\" to sign its requests");
      }
      hook.timeout = w.UnsignedInteger("Timeout", hook.timeout, 1, 600);
      w.CheckNoUnknownKeys();
      c.webhooks[name] = hook;
    }
    webhooks.CheckNoUnknownKeys();

    ConfigurationSection destinations = root.Object("Destinations");
    for (const std::string& name : destinations.Keys())
    {
      ConfigurationSection d = destinations.Object(name);
      CheckName(name, d.Path());
      DestinationConfiguration dest;
      dest.name = name;
      dest.dicomWebServer = d.String("DicomWebServer", name);
      dest.webhook = d.String("Webhook", "");
      if (!dest.webhook.empty() && c.webhooks.count(dest.webhook) == 0)
      {
        throw ConfigurationError("\"" + d.Path() + ".Webhook\" names \"" + dest.webhook +
                                 "\", which is not in \"Ratatoskr.Webhooks\"");
      }
      dest.batchSize = d.UnsignedInteger("BatchSize", dest.batchSize, 1, 1000);
      d.CheckNoUnknownKeys();
      c.destinations[name] = dest;
    }
    destinations.CheckNoUnknownKeys();

    const Json::Value rules = root.Raw("Rules");
    if (!rules.isNull() && !rules.isArray())
    {
      throw ConfigurationError("\"Ratatoskr.Rules\" must be an array");
    }
    for (Json::ArrayIndex i = 0; rules.isArray() && i < rules.size(); i++)
    {
      ConfigurationSection r(rules[i], "Ratatoskr.Rules[" + std::to_string(i) + "]");
      RuleConfiguration rule;
      rule.name = r.String("Name", "rule-" + std::to_string(i + 1));
      rule.callingAet = r.String("CallingAet", "");
      ConfigurationSection tags = r.Object("Tags");
      for (const std::string& tag : tags.Keys())
      {
        rule.tags[tag] = tags.String(tag, "");
      }
      rule.profile = r.String("Profile", c.defaultProfile);
      rule.destination = r.String("Destination", "");
      if (!rule.destination.empty() && c.destinations.count(rule.destination) == 0)
      {
        throw ConfigurationError("\"" + r.Path() + ".Destination\" names \"" + rule.destination +
                                 "\", which is not in \"Ratatoskr.Destinations\"");
      }
      rule.metadata = r.Raw("Metadata");
      if (rule.metadata.isNull())
      {
        rule.metadata = Json::objectValue;
      }
      else if (!rule.metadata.isObject())
      {
        throw ConfigurationError("\"" + r.Path() + ".Metadata\" must be a JSON object");
      }
      r.CheckNoUnknownKeys();
      c.rules.push_back(rule);
    }

    const Json::Value origins = root.Raw("AllowedOrigins");
    if (!origins.isNull() && !origins.isArray())
    {
      throw ConfigurationError("\"Ratatoskr.AllowedOrigins\" must be an array of origins such as "
                               "\"https://orthanc.example\"");
    }
    for (Json::ArrayIndex i = 0; origins.isArray() && i < origins.size(); i++)
    {
      const std::string text = origins[i].isString() ? origins[i].asString() : "";
      const std::string origin = NormalizeOrigin(text);
      if (origin.empty() ||
          text.find_first_of("/?#@", text.find("://") + 3) != std::string::npos)
      {
        throw ConfigurationError("\"Ratatoskr.AllowedOrigins[" + std::to_string(i) + "]\" must be an origin: "
                                 "http:// or https://, a host and an optional port, no path");
      }
      c.allowedOrigins.push_back(origin);
    }

    root.CheckNoUnknownKeys();
    return c;
  }
}
