#include "Configuration.h"

#include "JsonIo.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <tuple>

using namespace Ratatoskr;

namespace
{
  Json::Value J(const std::string& text)
  {
    Json::Value v;
    EXPECT_TRUE(JsonIo::Parse(text, v)) << text;
    return v;
  }

  using Ms = std::chrono::milliseconds;

  std::string Bytes(size_t count)  // 0, 1, 2... (the test secrets are base64 of these)
  {
    std::string bytes;
    for (size_t i = 0; i < count; i++)
    {
      bytes += static_cast<char>(i);
    }
    return bytes;
  }

  // A section with webhook "d" (24-byte secret, `hookKeys` added) and destination "p" (`keys` added).
  std::string Destination(const std::string& keys, const std::string& hookKeys = "")
  {
    return R"({"Webhooks": {"d": {"Url": "https://django.example/hook", "Secret": "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX")" +
           (hookKeys.empty() ? "" : ", " + hookKeys) + R"(}}, "Destinations": {"p": {)" + keys + "}}}";
  }

  // A section with webhook "d" only, `keys` added.
  std::string Hook(const std::string& keys)
  {
    return R"({"Webhooks": {"d": {"Url": "https://django.example/hook", "Secret": "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX", )" +
           keys + "}}}";
  }

  std::string ErrorOf(const std::string& text)
  {
    try
    {
      Configuration::Parse(J(text), "/storage");
    }
    catch (const ConfigurationError& e)
    {
      return e.what();
    }
    return "(no error)";
  }
}

TEST(Configuration, EmptySectionGivesWorkingDefaults)
{
  Configuration c = Configuration::Parse(Json::nullValue, "/var/lib/orthanc/db");
  EXPECT_EQ("/var/lib/orthanc/db/ratatoskr.db", c.databasePath);
  EXPECT_EQ("2.25", c.uidRoot);
  EXPECT_EQ("teaching", c.defaultProfile);
  EXPECT_TRUE(c.secret.empty());
  EXPECT_TRUE(c.failOnLeak);
  EXPECT_TRUE(c.destinations.empty());
  EXPECT_TRUE(c.webhooks.empty());
  EXPECT_TRUE(c.rules.empty());
}

TEST(Configuration, FullSection)
{
  Configuration c = Configuration::Parse(J(R"({
    "DatabasePath": "/tmp/x.db", "Secret": "0123456789abcdef-secret", "UidRoot": "1.2.3",
    "DefaultProfile": "basic", "ConcurrentInstances": 4,
    "Webhooks": {"django": {"Url": "https://django.example/hook", "Secret": "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX",
                            "Events": ["case.before_send", "case.delivered"], "Timeout": 5,
                            "RetrySchedule": [0, 0.1, 2.5]},
                 "audit": {"Url": "http://audit.local:8080/in", "Secret": "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX"}},
    "Destinations": {"pacscenter": {"DicomWebServer": "pc", "Webhooks": ["django", "audit"], "BatchMaxInstances": 10,
                                    "BatchMaxBytes": 1048576, "ParallelBatches": 4,
                                    "ViewerUrl": "https://pacs.example/viewer?StudyInstanceUIDs={StudyInstanceUID}&d={DeliveryId}",
                                    "BeforeSend": "django", "Attempts": 3, "MaxAge": 600, "RetryDelay": 0.05,
                                    "MaxRetryDelay": 0.4}},
    "Rules": [{"Name": "collab", "CallingAet": "COLLAB", "Tags": {"Modality": "CT"}, "Profile": "basic",
               "Destination": "pacscenter", "Metadata": {"CourseId": "42"}}]
  })"), "/s");
  EXPECT_EQ("/tmp/x.db", c.databasePath);
  EXPECT_EQ("configuration", c.secretSource);
  EXPECT_EQ("1.2.3", c.uidRoot);
  EXPECT_EQ(4u, c.concurrentInstances);

  ASSERT_EQ(2u, c.webhooks.size());
  const WebhookConfiguration& django = c.webhooks.at("django");
  EXPECT_EQ("django", django.name);
  EXPECT_EQ("https://django.example/hook", django.url);
  EXPECT_EQ(Bytes(24), django.secretBytes);
  EXPECT_EQ((std::set<std::string>{"case.before_send", "case.delivered"}), django.events);
  EXPECT_TRUE(django.Accepts("case.before_send"));
  EXPECT_TRUE(django.Accepts("ping"));
  EXPECT_FALSE(django.Accepts("job.failed"));
  EXPECT_EQ(5u, django.timeout);
  EXPECT_EQ((std::vector<Ms>{Ms(0), Ms(100), Ms(2500)}), django.retrySchedule);
  EXPECT_EQ(3u, django.Schedule().Attempts());
  EXPECT_EQ("http://audit.local:8080/in", c.webhooks.at("audit").url);

  ASSERT_EQ(1u, c.destinations.size());
  const DestinationConfiguration& d = c.destinations.at("pacscenter");
  EXPECT_EQ("pacscenter", d.name);
  EXPECT_EQ("pc", d.dicomWebServer);
  EXPECT_EQ((std::vector<std::string>{"django", "audit"}), d.webhooks);
  EXPECT_EQ(10u, d.batchMaxInstances);
  EXPECT_EQ(1048576u, d.batchMaxBytes);
  EXPECT_EQ(4u, d.parallelBatches);
  EXPECT_EQ("django", d.beforeSend);
  EXPECT_EQ(3u, d.attempts);
  EXPECT_EQ(600000, d.maxAgeMs);
  EXPECT_EQ(50, d.retryDelayMs);
  EXPECT_EQ(400, d.maxRetryDelayMs);
  EXPECT_EQ("https://pacs.example/viewer?StudyInstanceUIDs=2.25.123&d=dlv_1", d.ViewerUrlFor("2.25.123", "dlv_1"));

  const Delivery::DeliveryPolicy policy = d.Policy();
  EXPECT_EQ("pc", policy.dicomWebServer);
  EXPECT_EQ(10u, policy.batchMaxInstances);
  EXPECT_EQ(1048576u, policy.batchMaxBytes);
  EXPECT_EQ(4u, policy.parallelBatches);
  EXPECT_EQ(3u, policy.attempts);
  EXPECT_EQ(600000, policy.maxAge);
  EXPECT_EQ(50, policy.retryDelay);
  EXPECT_EQ(400, policy.maxRetryDelay);
  EXPECT_EQ(200, Delivery::RetryDelay(policy, 3, 0));  // 50 ms doubling: 50, 100, 200, then capped at 400
  EXPECT_EQ(400, Delivery::RetryDelay(policy, 5, 0));

  ASSERT_EQ(1u, c.rules.size());
  EXPECT_EQ("COLLAB", c.rules[0].callingAet);
  EXPECT_EQ("CT", c.rules[0].tags["Modality"]);
  EXPECT_EQ("pacscenter", c.rules[0].destination);
  EXPECT_EQ("42", c.rules[0].metadata["CourseId"].asString());
}

TEST(Configuration, DestinationDefaults)
{
  Configuration c = Configuration::Parse(J(R"({"Destinations": {"pacscenter": {}}})"), "/s");
  const DestinationConfiguration& d = c.destinations.at("pacscenter");
  EXPECT_EQ("pacscenter", d.dicomWebServer);  // the destination's own name
  EXPECT_TRUE(d.webhooks.empty());
  EXPECT_EQ(50u, d.batchMaxInstances);
  EXPECT_EQ(33554432u, d.batchMaxBytes);
  EXPECT_EQ(2u, d.parallelBatches);
  EXPECT_EQ("", d.viewerUrl);
  EXPECT_EQ("", d.ViewerUrlFor("2.25.1", "dlv_1"));
  EXPECT_EQ("", d.beforeSend);
  EXPECT_EQ(10u, d.attempts);
  EXPECT_EQ(259200000, d.maxAgeMs);
  EXPECT_EQ(30000, d.retryDelayMs);
  EXPECT_EQ(3600000, d.maxRetryDelayMs);

  const Delivery::DeliveryPolicy policy = d.Policy();
  const Delivery::DeliveryPolicy defaults;
  EXPECT_EQ("pacscenter", policy.dicomWebServer);
  EXPECT_EQ(defaults.batchMaxInstances, policy.batchMaxInstances);
  EXPECT_EQ(defaults.batchMaxBytes, policy.batchMaxBytes);
  EXPECT_EQ(defaults.parallelBatches, policy.parallelBatches);
  EXPECT_EQ(defaults.attempts, policy.attempts);
  EXPECT_EQ(defaults.maxAge, policy.maxAge);
  EXPECT_EQ(defaults.retryDelay, policy.retryDelay);
  EXPECT_EQ(defaults.maxRetryDelay, policy.maxRetryDelay);
  EXPECT_EQ(defaults.pollInterval, policy.pollInterval);
}

TEST(Configuration, WebhookDefaults)
{
  Configuration c = Configuration::Parse(J(R"({"Webhooks": {"django": {"Url": "https://django.example/hook",
    "Secret": "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX"}}})"), "/s");
  const WebhookConfiguration& w = c.webhooks.at("django");
  EXPECT_EQ((std::set<std::string>{"case.delivered", "case.delivery_failed", "job.failed", "upload.completed"}), w.events);
  EXPECT_TRUE(w.Accepts("case.delivered"));
  EXPECT_TRUE(w.Accepts("case.delivery_failed"));
  EXPECT_TRUE(w.Accepts("job.failed"));
  EXPECT_TRUE(w.Accepts("ping"));
  EXPECT_FALSE(w.Accepts("case.before_send"));
  EXPECT_EQ(15u, w.timeout);
  // The specification's schedule: now, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
  std::vector<Ms> standard;
  for (long long seconds : {0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400})
  {
    standard.push_back(Ms(seconds * 1000));
  }
  EXPECT_EQ(standard, w.retrySchedule);
  EXPECT_EQ(10u, w.Schedule().Attempts());
  EXPECT_EQ(Bytes(24), w.secretBytes);

  // An empty list: ping only.
  Configuration quiet = Configuration::Parse(J(R"({"Webhooks": {"q": {"Url": "http://q.local",
    "Secret": "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX", "Events": []}}})"), "/s");
  EXPECT_TRUE(quiet.webhooks.at("q").events.empty());
  EXPECT_TRUE(quiet.webhooks.at("q").Accepts("ping"));
  EXPECT_FALSE(quiet.webhooks.at("q").Accepts("case.delivered"));
  // "ping" may be listed too.
  EXPECT_EQ("(no error)", ErrorOf(Hook(R"("Events": ["ping", "job.failed"])")));
}

TEST(Configuration, Bounds)
{
  const std::vector<std::tuple<std::string, std::string, std::string>> integers = {
    {"BatchMaxInstances", "1", "10000"}, {"BatchMaxBytes", "1024", "4294967296"}, {"ParallelBatches", "1", "16"},
    {"Attempts", "1", "1000"}, {"MaxAge", "1", "2592000"}};
  for (const auto& [key, min, max] : integers)
  {
    const std::string message = "\"Ratatoskr.Destinations.p." + key + "\" must be an integer from " + min + " to " + max;
    EXPECT_EQ("(no error)", ErrorOf(Destination("\"" + key + "\": " + min))) << key;
    EXPECT_EQ("(no error)", ErrorOf(Destination("\"" + key + "\": " + max))) << key;
    EXPECT_EQ(message, ErrorOf(Destination("\"" + key + "\": " + std::to_string(std::stoull(min) - 1)))) << key;
    EXPECT_EQ(message, ErrorOf(Destination("\"" + key + "\": " + std::to_string(std::stoull(max) + 1)))) << key;
    EXPECT_EQ(message, ErrorOf(Destination("\"" + key + "\": -1"))) << key;
    EXPECT_EQ(message, ErrorOf(Destination("\"" + key + "\": 2.5"))) << key;
    EXPECT_EQ(message, ErrorOf(Destination("\"" + key + "\": \"" + min + "\""))) << key;
  }
  EXPECT_EQ(4294967296u, Configuration::Parse(J(Destination("\"BatchMaxBytes\": 4294967296")), "/s")
                           .destinations.at("p").batchMaxBytes);
  EXPECT_EQ(2592000000LL, Configuration::Parse(J(Destination("\"MaxAge\": 2592000")), "/s").destinations.at("p").maxAgeMs);

  for (const std::string key : {"RetryDelay", "MaxRetryDelay"})
  {
    const std::string message = "\"Ratatoskr.Destinations.p." + key + "\" must be a number from 0.001 to 2592000";
    EXPECT_EQ(message, ErrorOf(Destination("\"" + key + "\": 0"))) << key;
    EXPECT_EQ(message, ErrorOf(Destination("\"" + key + "\": -5"))) << key;
    EXPECT_EQ(message, ErrorOf(Destination("\"" + key + "\": 0.0009"))) << key;
    EXPECT_EQ(message, ErrorOf(Destination("\"" + key + "\": 2592000.5"))) << key;
    EXPECT_EQ(message, ErrorOf(Destination("\"" + key + "\": \"30\""))) << key;
    EXPECT_EQ(message, ErrorOf(Destination("\"" + key + "\": true"))) << key;
  }
  Configuration tiny = Configuration::Parse(J(Destination(R"("RetryDelay": 0.001, "MaxRetryDelay": 0.001)")), "/s");
  EXPECT_EQ(1, tiny.destinations.at("p").retryDelayMs);
  EXPECT_EQ(1, tiny.destinations.at("p").maxRetryDelayMs);
  Configuration slow = Configuration::Parse(J(Destination(R"("RetryDelay": 2592000, "MaxRetryDelay": 2592000)")), "/s");
  EXPECT_EQ(2592000000LL, slow.destinations.at("p").retryDelayMs);
  EXPECT_EQ("\"Ratatoskr.Destinations.p.MaxRetryDelay\" (10) must be at least \"Ratatoskr.Destinations.p.RetryDelay\" (30)",
            ErrorOf(Destination(R"("MaxRetryDelay": 10)")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.MaxRetryDelay\" (0.5) must be at least \"Ratatoskr.Destinations.p.RetryDelay\" (0.75)",
            ErrorOf(Destination(R"("RetryDelay": 0.75, "MaxRetryDelay": 0.5)")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.MaxRetryDelay\" (3600) must be at least \"Ratatoskr.Destinations.p.RetryDelay\" (7200)",
            ErrorOf(Destination(R"("RetryDelay": 7200)")));  // the default maximum is 3600
  EXPECT_EQ("(no error)", ErrorOf(Destination(R"("RetryDelay": 7200, "MaxRetryDelay": 7200)")));

  EXPECT_EQ("(no error)", ErrorOf(Hook(R"("Timeout": 1)")));
  EXPECT_EQ("(no error)", ErrorOf(Hook(R"("Timeout": 600)")));
  for (const std::string timeout : {"0", "601", "1.5", "\"15\""})
  {
    EXPECT_EQ("\"Ratatoskr.Webhooks.d.Timeout\" must be an integer from 1 to 600", ErrorOf(Hook("\"Timeout\": " + timeout)));
  }

  EXPECT_EQ("(no error)", ErrorOf(Hook(R"("RetrySchedule": [0])")));
  EXPECT_EQ("(no error)", ErrorOf(Hook(R"("RetrySchedule": [2592000, 0.001])")));
  EXPECT_EQ("(no error)", ErrorOf(Hook(R"("RetrySchedule": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19])")));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.RetrySchedule\" must have 1 to 20 entries",
            ErrorOf(Hook(R"("RetrySchedule": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])")));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.RetrySchedule\" must have 1 to 20 entries", ErrorOf(Hook(R"("RetrySchedule": [])")));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.RetrySchedule[1]\" must be a number from 0 to 2592000",
            ErrorOf(Hook(R"("RetrySchedule": [0, -1])")));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.RetrySchedule[0]\" must be a number from 0 to 2592000",
            ErrorOf(Hook(R"("RetrySchedule": [2592001])")));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.RetrySchedule[2]\" must be a number from 0 to 2592000",
            ErrorOf(Hook(R"("RetrySchedule": [0, 5, "300"])")));
}

TEST(Configuration, DeliveryKeysRefused)
{
  // Wrong types.
  EXPECT_EQ("\"Ratatoskr.Destinations.p\" must be a JSON object", ErrorOf(R"({"Destinations": {"p": 1}})"));
  EXPECT_EQ("\"Ratatoskr.Destinations\" must be a JSON object", ErrorOf(R"({"Destinations": []})"));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d\" must be a JSON object", ErrorOf(R"({"Webhooks": {"d": "https://x"}})"));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.DicomWebServer\" must be a string", ErrorOf(Destination(R"("DicomWebServer": 1)")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.DicomWebServer\" must name a server of \"DicomWeb.Servers\"",
            ErrorOf(Destination(R"("DicomWebServer": "")")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.Webhooks\" must be an array of strings", ErrorOf(Destination(R"("Webhooks": "d")")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.Webhooks[1]\" must be a string", ErrorOf(Destination(R"("Webhooks": ["d", 2])")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.ViewerUrl\" must be a string", ErrorOf(Destination(R"("ViewerUrl": true)")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.BeforeSend\" must be a string", ErrorOf(Destination(R"("BeforeSend": ["d"])")));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Url\" must be a string", ErrorOf(R"({"Webhooks": {"d": {"Url": 1}}})"));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Secret\" must be a string",
            ErrorOf(R"({"Webhooks": {"d": {"Url": "http://x", "Secret": 1}}})"));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Events\" must be an array of strings", ErrorOf(Hook(R"("Events": "ping")")));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Events[0]\" must be a string", ErrorOf(Hook(R"("Events": [1])")));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.RetrySchedule\" must be an array of numbers", ErrorOf(Hook(R"("RetrySchedule": 5)")));

  // Unknown keys, the old ones included.
  EXPECT_EQ("unknown key \"Webhook\" in \"Ratatoskr.Destinations.p\"", ErrorOf(Destination(R"("Webhook": "d")")));
  EXPECT_EQ("unknown key \"BatchSize\" in \"Ratatoskr.Destinations.p\"", ErrorOf(Destination(R"("BatchSize": 20)")));
  EXPECT_EQ("unknown key \"Uri\" in \"Ratatoskr.Webhooks.d\"", ErrorOf(Hook(R"("Uri": 1)")));

  // References to webhooks.
  EXPECT_EQ("\"Ratatoskr.Destinations.p.Webhooks[1]\" names \"nope\", which is not in \"Ratatoskr.Webhooks\"",
            ErrorOf(Destination(R"("Webhooks": ["d", "nope"])")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.Webhooks[1]\" names \"d\" a second time",
            ErrorOf(Destination(R"("Webhooks": ["d", "d"])")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.BeforeSend\" names \"nope\", which is not in \"Ratatoskr.Webhooks\"",
            ErrorOf(Destination(R"("BeforeSend": "nope")")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.BeforeSend\" names \"d\", which is not in \"Ratatoskr.Webhooks\"",
            ErrorOf(R"({"Destinations": {"p": {"BeforeSend": "d"}}})"));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.BeforeSend\" names \"d\", whose \"Events\" does not list \"case.before_send\" "
            "(add it to \"Ratatoskr.Webhooks.d.Events\")",
            ErrorOf(Destination(R"("BeforeSend": "d")")));
  EXPECT_EQ("(no error)", ErrorOf(Destination(R"("BeforeSend": "d")", R"("Events": ["case.before_send"])")));

  // Unknown event types.
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Events[1]\": \"case.sent\" is not an event type (known: case.delivered, "
            "case.delivery_failed, job.failed, upload.completed, case.before_send, ping)",
            ErrorOf(Hook(R"("Events": ["case.delivered", "case.sent"])")));

  // URLs.
  for (const std::string url : {"ftp://x", "http://", "https:///path", "http:// x", "x", ""})
  {
    EXPECT_EQ("\"Ratatoskr.Webhooks.d.Url\" must be an http:// or https:// URL",
              ErrorOf(R"({"Webhooks": {"d": {"Url": ")" + url + R"(", "Secret": "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX"}}})"))
      << url;
  }
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Url\" must be an http:// or https:// URL",
            ErrorOf(R"({"Webhooks": {"d": {"Secret": "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX"}}})"));
}

TEST(Configuration, ViewerUrl)
{
  Configuration c = Configuration::Parse(J(Destination(
    R"("ViewerUrl": "http://viewer.local/{DeliveryId}/study/{StudyInstanceUID}?again={StudyInstanceUID}")")), "/s");
  const DestinationConfiguration& d = c.destinations.at("p");
  EXPECT_EQ("http://viewer.local/dlv%2F1%20x/study/1.2.3?again=1.2.3", d.ViewerUrlFor("1.2.3", "dlv/1 x"));
  EXPECT_EQ("(no error)", ErrorOf(Destination(R"("ViewerUrl": "https://viewer.local/")")));

  const std::string known = " (placeholders: {StudyInstanceUID}, {DeliveryId})";
  EXPECT_EQ("\"Ratatoskr.Destinations.p.ViewerUrl\" has an unknown placeholder \"{PatientID}\"" + known,
            ErrorOf(Destination(R"("ViewerUrl": "https://v/?p={PatientID}")")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.ViewerUrl\" has an unknown placeholder \"{studyinstanceuid}\"" + known,
            ErrorOf(Destination(R"("ViewerUrl": "https://v/?s={studyinstanceuid}")")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.ViewerUrl\" has an unknown placeholder \"{}\"" + known,
            ErrorOf(Destination(R"("ViewerUrl": "https://v/?s={}")")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.ViewerUrl\" has an unmatched \"{\"" + known,
            ErrorOf(Destination(R"("ViewerUrl": "https://v/?s={StudyInstanceUID")")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.ViewerUrl\" has an unmatched \"{\"" + known,
            ErrorOf(Destination(R"("ViewerUrl": "https://v/?s={{StudyInstanceUID}")")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.ViewerUrl\" has an unmatched \"}\"" + known,
            ErrorOf(Destination(R"("ViewerUrl": "https://v/?s=StudyInstanceUID}")")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.ViewerUrl\" must be an http:// or https:// URL",
            ErrorOf(Destination(R"x("ViewerUrl": "javascript:alert({StudyInstanceUID})")x")));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.ViewerUrl\" must be an http:// or https:// URL",
            ErrorOf(Destination(R"("ViewerUrl": "")")));
}

TEST(Configuration, WebhookSecrets)
{
  const std::string rule = "(a Standard Webhooks secret is \"whsec_\" followed by the base64 of 24 to 64 random bytes)";
  const auto secretError = [](const std::string& secret) {
    return ErrorOf(R"({"Webhooks": {"d": {"Url": "https://x", "Secret": ")" + secret + R"("}}})");
  };
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Secret\": the secret does not start with \"whsec_\" " + rule,
            secretError("AAECAwQFBgcICQoLDA0ODxAREhMUFRYX"));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Secret\": the secret does not start with \"whsec_\" " + rule,
            secretError("a-long-enough-plain-text-secret"));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Secret\": the secret does not start with \"whsec_\" " + rule, secretError(""));
  // 23 bytes, 65 bytes.
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Secret\": the secret has a wrong length " + rule,
            secretError("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRY="));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Secret\": the secret has a wrong length " + rule,
            secretError("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0A="));
  EXPECT_EQ("(no error)",
            secretError("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw=="));
  const std::string notBase64 = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX!!";
  const std::string error = secretError(notBase64);
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Secret\": the secret is not valid base64 after \"whsec_\" " + rule, error);
  EXPECT_EQ(std::string::npos, error.find("AAECAwQF"));  // never the secret
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Secret\": the secret is not valid base64 after \"whsec_\" " + rule,
            secretError("whsec_AAECAwQFBgcI-_oLDA0ODxAREhMUFRYX"));  // the URL-safe alphabet is not Standard Webhooks'

  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Secret\" and \"Ratatoskr.Webhooks.d.SecretFile\" cannot both be set",
            ErrorOf(R"({"Webhooks": {"d": {"Url": "https://x", "Secret": "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX",
                                            "SecretFile": "/x"}}})"));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Secret\" and \"Ratatoskr.Webhooks.d.SecretFile\" cannot both be set",
            ErrorOf(R"({"Webhooks": {"d": {"Url": "https://x", "Secret": "", "SecretFile": ""}}})"));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d\" needs \"Secret\" or \"SecretFile\" to sign its requests",
            ErrorOf(R"({"Webhooks": {"d": {"Url": "http://x"}}})"));

  // A secret file, read by Core's key file rule (first line, blanks at its ends removed).
  const std::string path = ::testing::TempDir() + "/ratatoskr-webhook-secret.txt";
  const auto fileConfiguration = "{\"Webhooks\": {\"d\": {\"Url\": \"https://x\", \"SecretFile\": \"" + path + "\"}}}";
  {
    std::ofstream f(path, std::ios::binary);
    f << "\xEF\xBB\xBF whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX\t\r\nrotated on 2026-12-01\n";
  }
  EXPECT_EQ(Bytes(24), Configuration::Parse(J(fileConfiguration), "/s").webhooks.at("d").secretBytes);
  {
    std::ofstream f(path, std::ios::binary);
    f << "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRY=\n";
  }
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.SecretFile\" (" + path + "): the secret has a wrong length " + rule,
            ErrorOf(fileConfiguration));
  {
    std::ofstream f(path, std::ios::binary);
    f << "\nwhsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX\n";
  }
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.SecretFile\" (" + path + "): the first line is empty: the key must be on the first line",
            ErrorOf(fileConfiguration));
  std::remove(path.c_str());
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.SecretFile\" (" + path + "): cannot be read (No such file or directory)",
            ErrorOf(fileConfiguration));
}

TEST(Configuration, Secrets)
{
  EXPECT_EQ("\"Ratatoskr.Secret\" and \"Ratatoskr.SecretFile\" cannot both be set",
            ErrorOf(R"({"Secret": "0123456789abcdef", "SecretFile": "/x"})"));
  EXPECT_EQ("\"Ratatoskr.SecretFile\" (/nonexistent/secret): cannot be read (No such file or directory)",
            ErrorOf(R"({"SecretFile": "/nonexistent/secret"})"));
  const std::string error = ErrorOf(R"({"Secret": "short-one"})");
  EXPECT_EQ("\"Ratatoskr.Secret\": the key must have at least 16 characters", error);
  EXPECT_EQ(std::string::npos, error.find("short-one"));

  // Core's key file rule (SecretText): first line, blanks at its ends removed, as in the CLI.
  const std::string path = ::testing::TempDir() + "/ratatoskr-secret.txt";
  {
    std::ofstream f(path, std::ios::binary);
    f << "a-secret-from-a-file-0123 \r\nsecond line\n";
  }
  Configuration c = Configuration::Parse(J("{\"SecretFile\": \"" + path + "\"}"), "/s");
  EXPECT_EQ("a-secret-from-a-file-0123", c.secret);
  EXPECT_EQ("file", c.secretSource);

  std::remove(path.c_str());
}

TEST(Configuration, PublicListenerAndInvites)
{
  const Configuration defaults = Configuration::Parse(J("{}"), "/s");
  EXPECT_FALSE(defaults.publicListener.enabled);
  EXPECT_EQ("127.0.0.1", defaults.publicListener.bindAddress);
  EXPECT_EQ(8043u, defaults.publicListener.port);
  EXPECT_EQ(8u, defaults.publicListener.threads);
  EXPECT_EQ(30u, defaults.publicListener.requestTimeoutSeconds);
  EXPECT_FALSE(defaults.publicListener.trustForwardedFor);
  EXPECT_EQ("http://127.0.0.1:8043", defaults.publicListener.BaseUrl());
  EXPECT_EQ(168u, defaults.invites.defaultExpiresInHours);
  EXPECT_EQ(2160u, defaults.invites.maxExpiresInHours);
  EXPECT_EQ(536870912u, defaults.invites.maxFileBytes);
  EXPECT_EQ(10000u, defaults.invites.defaultMaxFiles);
  EXPECT_EQ(10737418240ULL, defaults.invites.defaultMaxBytes);
  EXPECT_EQ(60u, defaults.invites.idleFinishMinutes);
  EXPECT_EQ(600u, defaults.invites.requestsPerMinute);
  EXPECT_EQ(10u, defaults.invites.lockoutAttempts);
  EXPECT_EQ(15u, defaults.invites.lockoutMinutes);

  const Configuration set = Configuration::Parse(J(R"({"Public": {"Enabled": true, "BindAddress": "localhost",
    "Port": 9443, "BaseUrl": "https://upload.example/", "Threads": 2, "RequestTimeoutSeconds": 5,
    "TrustForwardedFor": true}, "Invites": {"RequestsPerMinute": 60, "BadTokenLockout": {"Attempts": 3, "Minutes": 1},
    "MaxFileBytes": 4294967296}})"), "/s");
  EXPECT_TRUE(set.publicListener.enabled);
  EXPECT_EQ("127.0.0.1", set.publicListener.bindAddress);
  EXPECT_EQ("https://upload.example", set.publicListener.BaseUrl());
  EXPECT_EQ(2u, set.publicListener.threads);
  EXPECT_TRUE(set.publicListener.trustForwardedFor);
  EXPECT_EQ(60u, set.invites.requestsPerMinute);
  EXPECT_EQ(3u, set.invites.lockoutAttempts);
  EXPECT_EQ(1u, set.invites.lockoutMinutes);
  EXPECT_EQ(4294967296ULL, set.invites.maxFileBytes);
  EXPECT_EQ("http://0.0.0.0:1", Configuration::Parse(J(R"({"Public": {"BindAddress": "0.0.0.0", "Port": 1}})"), "/s")
                                  .publicListener.BaseUrl());

  for (const std::string address : {"example.org", "::1", "[::1]", "127.0.0.256", "127.0.0", " 127.0.0.1", ""})
  {
    EXPECT_EQ("\"Ratatoskr.Public.BindAddress\" must be an IPv4 address: \"127.0.0.1\" (loopback only, behind a reverse "
              "proxy on this host) or \"0.0.0.0\" (every interface); the listener binds to an address, not to a host "
              "name, and has no IPv6", ErrorOf(R"({"Public": {"BindAddress": ")" + address + "\"}}")) << address;
  }
  EXPECT_EQ("unknown key \"Bind\" in \"Ratatoskr.Public\"", ErrorOf(R"({"Public": {"Bind": "x"}})"));
  EXPECT_EQ("unknown key \"Max\" in \"Ratatoskr.Invites.BadTokenLockout\"",
            ErrorOf(R"({"Invites": {"BadTokenLockout": {"Max": 1}}})"));
  EXPECT_EQ("\"Ratatoskr.Public.Port\" must be an integer from 1 to 65535", ErrorOf(R"({"Public": {"Port": 0}})"));
  EXPECT_EQ("\"Ratatoskr.Public.Enabled\" must be true or false", ErrorOf(R"({"Public": {"Enabled": "yes"}})"));
  EXPECT_EQ("\"Ratatoskr.Public.BaseUrl\" must be an http:// or https:// URL", ErrorOf(R"({"Public": {"BaseUrl": "x"}})"));
  EXPECT_EQ("\"Ratatoskr.Public.PrivateKey\" needs \"Ratatoskr.Public.Certificate\"",
            ErrorOf(R"({"Public": {"PrivateKey": "/k.pem"}})"));
  EXPECT_NE(std::string::npos, ErrorOf(R"({"Public": {"Enabled": true, "Certificate": "/nonexistent/c.pem"}})")
                                 .find("\"Ratatoskr.Public.Certificate\": cannot read /nonexistent/c.pem"));
  EXPECT_EQ("\"Ratatoskr.Invites.DefaultExpiresInHours\" (200) must be at most \"Ratatoskr.Invites.MaxExpiresInHours\" "
            "(100)", ErrorOf(R"({"Invites": {"DefaultExpiresInHours": 200, "MaxExpiresInHours": 100}})"));
  EXPECT_EQ("\"Ratatoskr.Invites.MaxFileBytes\" must be an integer from 1024 to 4294967296",
            ErrorOf(R"({"Invites": {"MaxFileBytes": 4294967297}})"));
  EXPECT_EQ("\"Ratatoskr.Invites.RequestsPerMinute\" must be an integer from 1 to 1000000",
            ErrorOf(R"({"Invites": {"RequestsPerMinute": 0}})"));
}
