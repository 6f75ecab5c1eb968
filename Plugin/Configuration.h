#pragma once

#include "ConfigurationSection.h"

#include <json/value.h>
#include <map>
#include <string>
#include <vector>

namespace Ratatoskr
{
  struct DestinationConfiguration
  {
    std::string name;
    std::string dicomWebServer;  // name of a server of the DICOMweb plugin ("DicomWeb.Servers")
    std::string webhook;         // name of a webhook, or empty
    unsigned int batchSize = 20; // instances per STOW-RS request
  };

  struct WebhookConfiguration
  {
    std::string name;
    std::string url;
    std::string secret;          // HMAC-SHA-256 signing key (never logged nor shown)
    unsigned int timeout = 10;   // seconds
  };

  // What a study must match for a rule to start a job when it becomes stable.
  struct RuleConfiguration
  {
    std::string name;
    std::string callingAet;                       // empty: any
    std::map<std::string, std::string> tags;      // main DICOM tags of the study (exact match)
    std::string profile;
    std::string destination;                      // empty: anonymize only
    Json::Value metadata = Json::objectValue;
  };

  // The "Ratatoskr" section of the Orthanc configuration, validated.
  struct Configuration
  {
    std::string databasePath;
    std::string secret;           // empty: generated at first start and kept in the database
    std::string secretSource;     // "configuration", "file", or "database" once resolved
    std::string uidRoot = "2.25";
    std::string profilesDirectory;
    std::string defaultProfile = "teaching";
    unsigned int concurrentInstances = 0;  // 0 = twice the number of cores (reading and storing overlap)
    bool failOnLeak = true;
    std::map<std::string, DestinationConfiguration> destinations;
    std::map<std::string, WebhookConfiguration> webhooks;
    std::vector<RuleConfiguration> rules;
    // Web origins besides Orthanc's own whose pages may call the plugin's state-changing routes
    // (normalized "scheme://host[:port]"), e.g. an OE2 served through another host name of a proxy.
    std::vector<std::string> allowedOrigins;

    // section: the "Ratatoskr" object (may be null); storageDirectory: Orthanc's, already absolute.
    // Throws ConfigurationError with a precise message (never a secret).
    static Configuration Parse(const Json::Value& section, const std::string& storageDirectory);
  };
}
