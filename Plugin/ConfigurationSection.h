#pragma once

#include <json/value.h>
#include <cstdint>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

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
    std::uint64_t UnsignedInteger64(const std::string& key, std::uint64_t defaultValue, std::uint64_t min,
                                    std::uint64_t max);
    // A JSON number, integral or not, in [min, max] ("must be a number from 0.001 to 2592000").
    double Number(const std::string& key, double defaultValue, double min, double max);
    // An array of strings; missing key -> defaultValue. Errors name the entry ("...Events[2]").
    std::vector<std::string> Strings(const std::string& key, const std::vector<std::string>& defaultValue);
    // An array of minCount to maxCount numbers, each in [min, max].
    std::vector<double> Numbers(const std::string& key, const std::vector<double>& defaultValue, double min,
                                double max, size_t minCount, size_t maxCount);
    ConfigurationSection Object(const std::string& key);  // missing key -> empty object
    Json::Value Raw(const std::string& key);             // any JSON, marked as known
    std::set<std::string> Keys() const;

    void CheckNoUnknownKeys() const;

    // A number as the messages show it: "30", "0.05", "4294967296".
    static std::string FormatNumber(double value);

  private:
    const Json::Value* Get(const std::string& key);
    std::optional<std::uint64_t> Integer(const std::string& key, std::uint64_t min, std::uint64_t max);
    const Json::Value* Array(const std::string& key, const std::string& what);
    std::string KeyPath(const std::string& key) const { return path_ + "." + key; }

    Json::Value value_;
    std::string path_;
    std::set<std::string> known_;
  };
}
