#include "Configuration.h"

#include "Delivery/EventPayloads.h"

#include "Core/Pseudonymizer.h"
#include "Core/SecretText.h"
#include "Delivery/WebhookSecret.h"
#include "Rest/CrossSiteCheck.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <regex>

namespace Ratatoskr
{
  namespace
  {
    // The pseudonymization key of the section (Secret / SecretFile): at most one of them, long enough to be a key.
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

    // Limits of the delivery keys (README, "Destinations" and "Webhooks").
    constexpr double MaxDelaySeconds = 2592000;     // 30 days, MaxAge's maximum: longer than any useful delay
    constexpr double MinRetryDelaySeconds = 0.001;  // the policy counts milliseconds
    constexpr size_t MaxRetryScheduleEntries = 20;

    std::string Quoted(const std::string& path)
    {
      return "\"" + path + "\"";
    }

    std::int64_t Milliseconds(double seconds)
    {
      return static_cast<std::int64_t>(std::llround(seconds * 1000));
    }

    // http:// or https://, a host, nothing blank.
    bool IsHttpUrl(const std::string& url)
    {
      size_t rest;
      if (url.compare(0, 7, "http://") == 0)
      {
        rest = 7;
      }
      else if (url.compare(0, 8, "https://") == 0)
      {
        rest = 8;
      }
      else
      {
        return false;
      }
      if (rest >= url.size() || url.find_first_of("/?#", rest) == rest)
      {
        return false;
      }
      for (unsigned char c : url)
      {
        if (c <= 0x20 || c == 0x7f)
        {
          return false;
        }
      }
      return true;
    }

    void CheckUrl(const std::string& url, const std::string& path)
    {
      if (!IsHttpUrl(url))
      {
        throw ConfigurationError(Quoted(path) + " must be an http:// or https:// URL");
      }
    }

    const std::vector<std::string>& ViewerPlaceholders()
    {
      static const std::vector<std::string> placeholders = {DestinationConfiguration::StudyInstanceUidPlaceholder,
                                                            DestinationConfiguration::DeliveryIdPlaceholder};
      return placeholders;
    }

    std::string Join(const std::vector<std::string>& items)
    {
      std::string text;
      for (const std::string& item : items)
      {
        text += (text.empty() ? "" : ", ") + item;
      }
      return text;
    }

    // The viewer URL template: a URL whose "{...}" are known placeholders only.
    void CheckViewerUrl(const std::string& url, const std::string& path)
    {
      CheckUrl(url, path);
      const std::string known = " (placeholders: " + Join(ViewerPlaceholders()) + ")";
      for (size_t i = url.find_first_of("{}"); i != std::string::npos; i = url.find_first_of("{}", i))
      {
        const size_t end = url.find_first_of("{}", i + 1);
        if (url[i] == '}' || end == std::string::npos || url[end] == '{')
        {
          throw ConfigurationError(Quoted(path) + " has an unmatched \"" + std::string(1, url[i]) + "\"" + known);
        }
        const std::string placeholder = url.substr(i, end + 1 - i);
        const auto& all = ViewerPlaceholders();
        if (std::find(all.begin(), all.end(), placeholder) == all.end())
        {
          throw ConfigurationError(Quoted(path) + " has an unknown placeholder \"" + placeholder + "\"" + known);
        }
        i = end + 1;
      }
    }


    // The Standard Webhooks secret of a webhook: "Secret" or "SecretFile" (read by Core's key file rule),
    // exactly one, decoded to its bytes. Messages never show the secret.
    std::string ReadWebhookSecret(ConfigurationSection& section)
    {
      const std::string inline_ = section.String("Secret", "");
      const std::string file = section.String("SecretFile", "");
      const bool hasInline = section.Has("Secret");
      const bool hasFile = section.Has("SecretFile");
      if (hasInline && hasFile)
      {
        throw ConfigurationError(Quoted(section.Path() + ".Secret") + " and " + Quoted(section.Path() + ".SecretFile") +
                                 " cannot both be set");
      }
      if (!hasInline && !hasFile)
      {
        throw ConfigurationError(Quoted(section.Path()) + " needs \"Secret\" or \"SecretFile\" to sign its requests");
      }
      const std::string where = hasFile ? Quoted(section.Path() + ".SecretFile") + " (" + file + ")"
                                        : Quoted(section.Path() + ".Secret");
      try
      {
        return Delivery::WebhookSecret::Parse(hasFile ? Core::ReadKeyFile(file) : inline_).Bytes();
      }
      catch (const Core::SecretError& e)
      {
        throw ConfigurationError(where + ": " + e.what());
      }
      catch (const Delivery::WebhookSecretError& e)
      {
        throw ConfigurationError(where + ": " + e.what());
      }
    }

    WebhookConfiguration ParseWebhook(ConfigurationSection& w, const std::string& name)
    {
      WebhookConfiguration hook;
      hook.name = name;
      hook.url = w.String("Url", "");
      CheckUrl(hook.url, w.Path() + ".Url");
      hook.secretBytes = ReadWebhookSecret(w);

      const auto& known = Delivery::WebhookEventType::All();
      const std::vector<std::string> events = w.Strings("Events", Delivery::WebhookEventType::Defaults());
      hook.events.clear();
      for (size_t i = 0; i < events.size(); i++)
      {
        if (std::find(known.begin(), known.end(), events[i]) == known.end())
        {
          throw ConfigurationError(Quoted(w.Path() + ".Events[" + std::to_string(i) + "]") + ": \"" + events[i] +
                                   "\" is not an event type (known: " + Join(known) + ")");
        }
        hook.events.insert(events[i]);
      }

      hook.timeout = w.UnsignedInteger("Timeout", hook.timeout, 1, 600);

      std::vector<double> standard;
      for (const auto& delay : Delivery::RetrySchedule::StandardDelays())
      {
        standard.push_back(static_cast<double>(delay.count()) / 1000);
      }
      hook.retrySchedule.clear();
      for (double seconds : w.Numbers("RetrySchedule", standard, 0, MaxDelaySeconds, 1, MaxRetryScheduleEntries))
      {
        hook.retrySchedule.emplace_back(Milliseconds(seconds));
      }
      w.CheckNoUnknownKeys();
      return hook;
    }

    // A reference from a destination to a webhook: it must exist.
    const WebhookConfiguration& Webhook(const std::map<std::string, WebhookConfiguration>& webhooks,
                                        const std::string& name, const std::string& path)
    {
      const auto found = webhooks.find(name);
      if (found == webhooks.end())
      {
        throw ConfigurationError(Quoted(path) + " names \"" + name + "\", which is not in \"Ratatoskr.Webhooks\"");
      }
      return found->second;
    }

    DestinationConfiguration ParseDestination(ConfigurationSection& d, const std::string& name,
                                              const std::map<std::string, WebhookConfiguration>& webhooks)
    {
      DestinationConfiguration dest;
      dest.name = name;
      dest.dicomWebServer = d.String("DicomWebServer", name);
      if (dest.dicomWebServer.empty())
      {
        throw ConfigurationError(Quoted(d.Path() + ".DicomWebServer") + " must name a server of \"DicomWeb.Servers\"");
      }

      dest.webhooks = d.Strings("Webhooks", {});
      for (size_t i = 0; i < dest.webhooks.size(); i++)
      {
        const std::string path = d.Path() + ".Webhooks[" + std::to_string(i) + "]";
        Webhook(webhooks, dest.webhooks[i], path);
        if (std::find(dest.webhooks.begin(), dest.webhooks.begin() + i, dest.webhooks[i]) != dest.webhooks.begin() + i)
        {
          throw ConfigurationError(Quoted(path) + " names \"" + dest.webhooks[i] + "\" a second time");
        }
      }

      dest.batchMaxInstances = d.UnsignedInteger("BatchMaxInstances", dest.batchMaxInstances, 1, 10000);
      dest.batchMaxBytes = d.UnsignedInteger64("BatchMaxBytes", dest.batchMaxBytes, 1024, 4294967296ULL);
      dest.parallelBatches = d.UnsignedInteger("ParallelBatches", dest.parallelBatches, 1, 16);

      dest.viewerUrl = d.String("ViewerUrl", "");
      if (d.Has("ViewerUrl"))
      {
        CheckViewerUrl(dest.viewerUrl, d.Path() + ".ViewerUrl");
      }

      dest.beforeSend = d.String("BeforeSend", "");
      if (d.Has("BeforeSend"))
      {
        const std::string path = d.Path() + ".BeforeSend";
        const WebhookConfiguration& hook = Webhook(webhooks, dest.beforeSend, path);
        if (hook.events.count(Delivery::WebhookEventType::CaseBeforeSend) == 0)
        {
          throw ConfigurationError(Quoted(path) + " names \"" + hook.name + "\", whose \"Events\" does not list \"" +
                                   Delivery::WebhookEventType::CaseBeforeSend + "\" (add it to \"Ratatoskr.Webhooks." +
                                   hook.name + ".Events\")");
        }
      }

      dest.attempts = d.UnsignedInteger("Attempts", dest.attempts, 1, 1000);
      dest.maxAgeMs = 1000LL * d.UnsignedInteger("MaxAge", 259200, 1, 2592000);
      const double retryDelay = d.Number("RetryDelay", 30, MinRetryDelaySeconds, MaxDelaySeconds);
      const double maxRetryDelay = d.Number("MaxRetryDelay", 3600, MinRetryDelaySeconds, MaxDelaySeconds);
      if (maxRetryDelay < retryDelay)
      {
        throw ConfigurationError(Quoted(d.Path() + ".MaxRetryDelay") + " (" +
                                 ConfigurationSection::FormatNumber(maxRetryDelay) + ") must be at least " +
                                 Quoted(d.Path() + ".RetryDelay") + " (" +
                                 ConfigurationSection::FormatNumber(retryDelay) + ")");
      }
      dest.retryDelayMs = Milliseconds(retryDelay);
      dest.maxRetryDelayMs = Milliseconds(maxRetryDelay);
      d.CheckNoUnknownKeys();
      return dest;
    }

    // An IPv4 address in dotted decimal (what civetweb binds to); "localhost" is 127.0.0.1.
    std::string ParseBindAddress(const std::string& text, const std::string& path)
    {
      static const std::regex ipv4("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
                                   "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
      if (text == "localhost")
      {
        return "127.0.0.1";
      }
      if (!std::regex_match(text, ipv4))
      {
        throw ConfigurationError(Quoted(path) + " must be an IPv4 address: \"127.0.0.1\" (loopback only, behind a "
                                 "reverse proxy on this host) or \"0.0.0.0\" (every interface); the listener binds "
                                 "to an address, not to a host name, and has no IPv6");
      }
      return text;
    }

    void CheckReadableFile(const std::string& file, const std::string& path)
    {
      std::FILE* handle = std::fopen(file.c_str(), "rb");
      if (handle == nullptr)
      {
        throw ConfigurationError(Quoted(path) + ": cannot read " + file + " (" + std::strerror(errno) + ")");
      }
      std::fclose(handle);
    }

    PublicListenerConfiguration ParsePublicListener(ConfigurationSection& p)
    {
      PublicListenerConfiguration c;
      c.enabled = p.Bool("Enabled", c.enabled);
      c.bindAddress = ParseBindAddress(p.String("BindAddress", c.bindAddress), p.Path() + ".BindAddress");
      c.port = p.UnsignedInteger("Port", c.port, 1, 65535);
      c.baseUrl = p.String("BaseUrl", "");
      if (!c.baseUrl.empty())
      {
        CheckUrl(c.baseUrl, p.Path() + ".BaseUrl");
        while (c.baseUrl.back() == '/')
        {
          c.baseUrl.pop_back();
        }
      }
      c.certificate = p.String("Certificate", "");
      c.privateKey = p.String("PrivateKey", "");
      if (!c.privateKey.empty() && c.certificate.empty())
      {
        throw ConfigurationError(Quoted(p.Path() + ".PrivateKey") + " needs " + Quoted(p.Path() + ".Certificate"));
      }
      if (c.enabled && !c.certificate.empty())
      {
        CheckReadableFile(c.certificate, p.Path() + ".Certificate");
      }
      if (c.enabled && !c.privateKey.empty())
      {
        CheckReadableFile(c.privateKey, p.Path() + ".PrivateKey");
      }
      c.threads = p.UnsignedInteger("Threads", c.threads, 1, 256);
      c.requestTimeoutSeconds = p.UnsignedInteger("RequestTimeoutSeconds", c.requestTimeoutSeconds, 1, 3600);
      c.trustForwardedFor = p.Bool("TrustForwardedFor", c.trustForwardedFor);
      p.CheckNoUnknownKeys();
      return c;
    }

    InvitesConfiguration ParseInvites(ConfigurationSection& i)
    {
      InvitesConfiguration c;
      c.maxExpiresInHours = i.UnsignedInteger("MaxExpiresInHours", c.maxExpiresInHours, 1, 87600);
      c.defaultExpiresInHours = i.UnsignedInteger("DefaultExpiresInHours", c.defaultExpiresInHours, 1, 87600);
      if (c.defaultExpiresInHours > c.maxExpiresInHours)
      {
        throw ConfigurationError(Quoted(i.Path() + ".DefaultExpiresInHours") + " (" +
                                 std::to_string(c.defaultExpiresInHours) + ") must be at most " +
                                 Quoted(i.Path() + ".MaxExpiresInHours") + " (" +
                                 std::to_string(c.maxExpiresInHours) + ")");
      }
      // A body is held in memory while it is handled: Threads bodies of this size at most at once.
      c.maxFileBytes = i.UnsignedInteger64("MaxFileBytes", c.maxFileBytes, 1024, 4294967296ULL);
      c.defaultMaxFiles = i.UnsignedInteger64("DefaultMaxFiles", c.defaultMaxFiles, 1, 100000000);
      c.defaultMaxBytes = i.UnsignedInteger64("DefaultMaxBytes", c.defaultMaxBytes, 1024, 1ULL << 50);
      c.idleFinishMinutes = i.UnsignedInteger("IdleFinishMinutes", c.idleFinishMinutes, 0, 10080);
      c.requestsPerMinute = i.UnsignedInteger("RequestsPerMinute", c.requestsPerMinute, 1, 1000000);
      ConfigurationSection lockout = i.Object("BadTokenLockout");
      c.lockoutAttempts = lockout.UnsignedInteger("Attempts", c.lockoutAttempts, 1, 1000);
      c.lockoutMinutes = lockout.UnsignedInteger("Minutes", c.lockoutMinutes, 1, 10080);
      lockout.CheckNoUnknownKeys();
      i.CheckNoUnknownKeys();
      return c;
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

  Delivery::DeliveryPolicy DestinationConfiguration::Policy() const
  {
    Delivery::DeliveryPolicy policy;
    policy.dicomWebServer = dicomWebServer;
    policy.batchMaxInstances = batchMaxInstances;
    policy.batchMaxBytes = batchMaxBytes;
    policy.parallelBatches = parallelBatches;
    policy.attempts = attempts;
    policy.maxAge = maxAgeMs;
    policy.retryDelay = retryDelayMs;
    policy.maxRetryDelay = maxRetryDelayMs;
    return policy;
  }

  std::string DestinationConfiguration::ViewerUrlFor(const std::string& studyInstanceUid,
                                                     const std::string& deliveryId) const
  {
    return Delivery::EventPayloads::ViewerUrl(viewerUrl, studyInstanceUid, deliveryId);
  }

  Intake::InvitePolicy InvitesConfiguration::Policy() const
  {
    Intake::InvitePolicy policy;
    policy.defaultExpiresInHours = defaultExpiresInHours;
    policy.maxExpiresInHours = maxExpiresInHours;
    policy.maxFileBytes = maxFileBytes;
    policy.defaultMaxFiles = defaultMaxFiles;
    policy.defaultMaxBytes = defaultMaxBytes;
    policy.idleFinishMinutes = idleFinishMinutes;
    return policy;
  }

  std::string PublicListenerConfiguration::BaseUrl() const
  {
    if (!baseUrl.empty())
    {
      return baseUrl;
    }
    return std::string(certificate.empty() ? "http" : "https") + "://" + bindAddress + ":" + std::to_string(port);
  }

  bool WebhookConfiguration::Accepts(const std::string& eventType) const
  {
    return Delivery::WebhookEventType::IsSentTo(events, eventType);
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
      c.webhooks[name] = ParseWebhook(w, name);
    }
    webhooks.CheckNoUnknownKeys();

    ConfigurationSection destinations = root.Object("Destinations");
    for (const std::string& name : destinations.Keys())
    {
      ConfigurationSection d = destinations.Object(name);
      CheckName(name, d.Path());
      c.destinations[name] = ParseDestination(d, name, c.webhooks);
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

    ConfigurationSection publicListener = root.Object("Public");
    c.publicListener = ParsePublicListener(publicListener);
    ConfigurationSection invites = root.Object("Invites");
    c.invites = ParseInvites(invites);

    root.CheckNoUnknownKeys();
    return c;
  }
}
