#include "Configuration.h"

#include "JsonIo.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

using namespace Ratatoskr;

namespace
{
  Json::Value J(const std::string& text)
  {
    Json::Value v;
    EXPECT_TRUE(JsonIo::Parse(text, v)) << text;
    return v;
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
}

TEST(Configuration, FullSection)
{
  Configuration c = Configuration::Parse(J(R"({
    "DatabasePath": "/tmp/x.db", "Secret": "0123456789abcdef-secret", "UidRoot": "1.2.3",
    "DefaultProfile": "basic", "ConcurrentInstances": 4,
    "Webhooks": {"django": {"Url": "https://django.example/hook", "Secret": "webhook-secret-123456", "Timeout": 5}},
    "Destinations": {"pacscenter": {"DicomWebServer": "pc", "Webhook": "django", "BatchSize": 10}},
    "Rules": [{"Name": "collab", "CallingAet": "COLLAB", "Tags": {"Modality": "CT"}, "Profile": "basic",
               "Destination": "pacscenter", "Metadata": {"CourseId": "42"}}]
  })"), "/s");
  EXPECT_EQ("/tmp/x.db", c.databasePath);
  EXPECT_EQ("configuration", c.secretSource);
  EXPECT_EQ("1.2.3", c.uidRoot);
  EXPECT_EQ(4u, c.concurrentInstances);
  ASSERT_EQ(1u, c.webhooks.size());
  EXPECT_EQ(5u, c.webhooks["django"].timeout);
  EXPECT_EQ("pc", c.destinations["pacscenter"].dicomWebServer);
  EXPECT_EQ(10u, c.destinations["pacscenter"].batchSize);
  ASSERT_EQ(1u, c.rules.size());
  EXPECT_EQ("COLLAB", c.rules[0].callingAet);
  EXPECT_EQ("CT", c.rules[0].tags["Modality"]);
  EXPECT_EQ("42", c.rules[0].metadata["CourseId"].asString());
}

TEST(Configuration, PreciseErrors)
{
  EXPECT_EQ("unknown key \"Foo\" in \"Ratatoskr\"", ErrorOf(R"({"Foo": 1})"));
  EXPECT_EQ("\"Ratatoskr.UidRoot\" must be a string", ErrorOf(R"({"UidRoot": 2})"));
  EXPECT_NE(std::string::npos, ErrorOf(R"({"UidRoot": "1.02"})").find("UID root"));
  EXPECT_NE(std::string::npos, ErrorOf(R"({"UidRoot": "1.2.826.0.1.3680043.10.12345.6789.1234.5678"})").find("at most 40"));
  EXPECT_EQ("\"Ratatoskr.ConcurrentInstances\" must be an integer from 0 to 64",
            ErrorOf(R"({"ConcurrentInstances": -1})"));
  EXPECT_EQ("\"Ratatoskr.FailOnLeak\" must be true or false", ErrorOf(R"({"FailOnLeak": "yes"})"));
  EXPECT_EQ("unknown key \"Uri\" in \"Ratatoskr.Webhooks.d\"",
            ErrorOf(R"({"Webhooks": {"d": {"Url": "http://x", "Secret": "0123456789abcdef", "Uri": 1}}})"));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.Url\" must be an http:// or https:// URL",
            ErrorOf(R"({"Webhooks": {"d": {"Url": "ftp://x", "Secret": "0123456789abcdef"}}})"));
  EXPECT_EQ("\"Ratatoskr.Webhooks.d\" needs \"Secret\" or \"SecretFile\" to sign its requests",
            ErrorOf(R"({"Webhooks": {"d": {"Url": "http://x"}}})"));
  EXPECT_EQ("\"Ratatoskr.Destinations.p.Webhook\" names \"nope\", which is not in \"Ratatoskr.Webhooks\"",
            ErrorOf(R"({"Destinations": {"p": {"Webhook": "nope"}}})"));
  EXPECT_EQ("\"Ratatoskr.Rules[0].Destination\" names \"x\", which is not in \"Ratatoskr.Destinations\"",
            ErrorOf(R"({"Rules": [{"Destination": "x"}]})"));
  EXPECT_EQ("\"Ratatoskr.Rules\" must be an array", ErrorOf(R"({"Rules": {}})"));
  EXPECT_EQ("\"Ratatoskr\" must be a JSON object", ErrorOf(R"([1])"));
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

  Configuration hooks = Configuration::Parse(
    J("{\"Webhooks\": {\"d\": {\"Url\": \"https://x\", \"SecretFile\": \"" + path + "\"}}}"), "/s");
  EXPECT_EQ("a-secret-from-a-file-0123", hooks.webhooks.at("d").secret);
  std::remove(path.c_str());

  {
    std::ofstream f(path, std::ios::binary);
    f << "\nshort\n";
  }
  EXPECT_EQ("\"Ratatoskr.Webhooks.d.SecretFile\" (" + path + "): the first line is empty: the key must be on the first line",
            ErrorOf("{\"Webhooks\": {\"d\": {\"Url\": \"https://x\", \"SecretFile\": \"" + path + "\"}}}"));
  std::remove(path.c_str());
}
