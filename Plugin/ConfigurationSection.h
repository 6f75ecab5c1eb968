#pragma once

#include <json/value.h>
#include <set>
#include <stdexcept>
#include <string>

namespace Ratatoskr
{
  class ConfigurationError : public std::runtime_error
  {
  public:
    explicit ConfigurationError(const std::string& message) : std::runtime_error(message) {}
  };

  // Typed, strict reading of one JSON object of the configuration: every getter checks the type and
  // names the full path ("Ratatoskr.Webhooks.django.Url") in its error; CheckNoUnknownKeys() rejects
  // every key no getter asked for.
  class ConfigurationSection
  {
  public:
    ConfigurationSection(const Json::Value& value, const std::string& path);

    const std::string& Path() const { return path_; }
    bool Has(const std::string& key) const;

    std::string String(const std::string& key, const std::string& defaultValue);
    bool Bool(const std::string& key, bool defaultValue);
    unsigned int UnsignedInteger(const std::string& key, unsigned int defaultValue, unsigned int min,
                                 unsigned int max);
    ConfigurationSection Object(const std::string& key);  // missing key -> empty object
    Json::Value Raw(const std::string& key);             // any JSON, marked as known
    std::set<std::string> Keys() const;

    void CheckNoUnknownKeys() const;

  private:
    const Json::Value* Get(const std::string& key);
    std::string KeyPath(const std::string& key) const { return path_ + "." + key; }

    Json::Value value_;
    std::string path_;
    std::set<std::string> known_;
  };
}
