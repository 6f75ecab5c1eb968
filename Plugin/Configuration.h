#pragma once

#include "ConfigurationSection.h"
#include "Delivery/DeliveryPolicy.h"
#include "Delivery/RetrySchedule.h"
#include "Delivery/WebhookEventType.h"
#include "Intake/InvitePolicy.h"

#include <json/value.h>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace Ratatoskr
{
  // One entry of "Ratatoskr.Destinations": where and how a case is delivered (README, "Destinations").
  struct DestinationConfiguration
  {
    static constexpr const char* StudyInstanceUidPlaceholder = "{StudyInstanceUID}";
    static constexpr const char* DeliveryIdPlaceholder = "{DeliveryId}";

    std::string name;
    std::string dicomWebServer;              // name of a server of the DICOMweb plugin ("DicomWeb.Servers")
    std::vector<std::string> webhooks;       // names in "Ratatoskr.Webhooks", told of each case
    unsigned int batchMaxInstances = 50;     // instances per STOW-RS job at most
    std::uint64_t batchMaxBytes = 33554432;  // bytes per STOW-RS job at most (a single larger instance goes alone)
    unsigned int parallelBatches = 2;        // STOW-RS jobs of one delivery in flight at once
    std::string viewerUrl;                   // template with the placeholders above; empty: none
    std::string beforeSend;                  // name in "Ratatoskr.Webhooks" of the pre-send hook; empty: none
    unsigned int attempts = 10;              // rounds of send + verify before Failed
    std::int64_t maxAgeMs = 259200LL * 1000;     // no new attempt after this age of the delivery
    std::int64_t retryDelayMs = 30 * 1000;       // before the 2nd attempt, then doubling...
    std::int64_t maxRetryDelayMs = 3600 * 1000;  // ...up to this

    // The delivery engine's view of these values (times in milliseconds).
    Delivery::DeliveryPolicy Policy() const;

    // The viewer URL of a delivered study: the template with its placeholders replaced by the values,
    // percent-encoded (RFC 3986 unreserved characters kept). Empty without a template.
    std::string ViewerUrlFor(const std::string& studyInstanceUid, const std::string& deliveryId) const;
  };

  // One entry of "Ratatoskr.Webhooks": an endpoint told of events by signed POSTs (Standard Webhooks).
  struct WebhookConfiguration
  {
    std::string name;
    std::string url;                         // http:// or https://
    std::string secretBytes;                 // the decoded "whsec_" secret: the HMAC-SHA-256 key (never logged nor shown)
    std::set<std::string> events{Delivery::WebhookEventType::Defaults().begin(),
                                 Delivery::WebhookEventType::Defaults().end()};
    unsigned int timeout = 15;               // seconds, per request
    std::vector<Delivery::RetrySchedule::Delay> retrySchedule = Delivery::RetrySchedule::StandardDelays();

    // Whether events of this type go to this webhook: those of "Events", and "ping" always.
    bool Accepts(const std::string& eventType) const;

    // The retry schedule of this webhook's events (delays before attempts 1..N, jitter applied).
    Delivery::RetrySchedule Schedule() const { return Delivery::RetrySchedule(retrySchedule); }
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

  // "Ratatoskr.Public": the plugin's own HTTP listener for the invite upload page (README, "Public listener").
  struct PublicListenerConfiguration
  {
    bool enabled = false;
    std::string bindAddress = "127.0.0.1";  // an IPv4 address; "localhost" is read as 127.0.0.1
    unsigned int port = 8043;
    std::string baseUrl;                    // as configured, without a trailing "/"; empty: see BaseUrl()
    std::string certificate;                // PEM; empty: plain HTTP
    std::string privateKey;                 // PEM; empty: in the certificate's file
    unsigned int threads = 8;
    unsigned int requestTimeoutSeconds = 30;
    bool trustForwardedFor = false;         // limits count X-Forwarded-For's last hop instead of the peer

    // Where invite links start: BaseUrl, or http(s)://<BindAddress>:<Port> without one.
    std::string BaseUrl() const;
  };

  // "Ratatoskr.Invites": defaults and limits of the invites and of their public API.
  struct InvitesConfiguration
  {
    unsigned int defaultExpiresInHours = 168;
    unsigned int maxExpiresInHours = 2160;
    std::uint64_t maxFileBytes = 536870912;       // one uploaded instance (the body of one request) at most
    std::uint64_t defaultMaxFiles = 10000;
    std::uint64_t defaultMaxBytes = 10737418240ULL;
    unsigned int idleFinishMinutes = 60;
    unsigned int requestsPerMinute = 600;         // per client address, every request of the public listener
    unsigned int lockoutAttempts = 10;            // BadTokenLockout.Attempts bad tokens within...
    unsigned int lockoutMinutes = 15;             // ...BadTokenLockout.Minutes lock an address out for as long

    // What the invite services use of it.
    Intake::InvitePolicy Policy() const;
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
    PublicListenerConfiguration publicListener;
    InvitesConfiguration invites;

    // section: the "Ratatoskr" object (may be null); storageDirectory: Orthanc's, already absolute.
    // Throws ConfigurationError with a precise message (never a secret).
    static Configuration Parse(const Json::Value& section, const std::string& storageDirectory);
  };
}
