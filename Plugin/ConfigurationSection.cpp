#include "ConfigurationSection.h"

#include <cstdio>

namespace Ratatoskr
{
  ConfigurationSection::ConfigurationSection(const Json::Value& value, const std::string& path)
    : value_(value.isNull() ? Json::Value(Json::objectValue) : value), path_(path)
  {
    if (!value_.isObject())
    {
      throw ConfigurationError("\"" + path_ + "\" must be a JSON object");
    }
  }

  bool ConfigurationSection::Has(const std::string& key) const
  {
    return value_.isMember(key);
  }

  const Json::Value* ConfigurationSection::Get(const std::string& key)
  {
    known_.insert(key);
    return value_.isMember(key) ? &value_[key] : nullptr;
  }

  std::string ConfigurationSection::String(const std::string& key, const std::string& defaultValue)
  {
    const Json::Value* v = Get(key);
    if (v == nullptr)
    {
      return defaultValue;
    }
    if (!v->isString())
    {
      throw ConfigurationError("\"" + KeyPath(key) + "\" must be a string");
    }
    return v->asString();
  }

  bool ConfigurationSection::Bool(const std::string& key, bool defaultValue)
  {
    const Json::Value* v = Get(key);
    if (v == nullptr)
    {
      return defaultValue;
    }
    if (!v->isBool())
    {
      throw ConfigurationError("\"" + KeyPath(key) + "\" must be true or false");
    }
    return v->asBool();
  }

  std::string ConfigurationSection::FormatNumber(double value)
  {
    char text[32];
    std::snprintf(text, sizeof(text), "%.15g", value);
    return text;
  }

  std::optional<std::uint64_t> ConfigurationSection::Integer(const std::string& key, std::uint64_t min,
                                                             std::uint64_t max)
  {
    const Json::Value* v = Get(key);
    if (v == nullptr)
    {
      return std::nullopt;
    }
    // isUInt64() is false for negative numbers and for non-integral reals (5.0 is integral).
    if (!v->isIntegral() || !v->isUInt64() || v->asUInt64() < min || v->asUInt64() > max)
    {
      throw ConfigurationError("\"" + KeyPath(key) + "\" must be an integer from " + std::to_string(min) +
                               " to " + std::to_string(max));
    }
    return v->asUInt64();
  }

  unsigned int ConfigurationSection::UnsignedInteger(const std::string& key, unsigned int defaultValue,
                                                     unsigned int min, unsigned int max)
  {
    const auto value = Integer(key, min, max);
    return value ? static_cast<unsigned int>(*value) : defaultValue;
  }

  std::uint64_t ConfigurationSection::UnsignedInteger64(const std::string& key, std::uint64_t defaultValue,
                                                        std::uint64_t min, std::uint64_t max)
  {
    return Integer(key, min, max).value_or(defaultValue);
  }

  double ConfigurationSection::Number(const std::string& key, double defaultValue, double min, double max)
  {
    const Json::Value* v = Get(key);
    if (v == nullptr)
    {
      return defaultValue;
    }
    if (!v->isNumeric() || v->asDouble() < min || v->asDouble() > max)
    {
      throw ConfigurationError("\"" + KeyPath(key) + "\" must be a number from " + FormatNumber(min) + " to " +
                               FormatNumber(max));
    }
    return v->asDouble();
  }

  const Json::Value* ConfigurationSection::Array(const std::string& key, const std::string& what)
  {
    const Json::Value* v = Get(key);
    if (v != nullptr && !v->isArray())
    {
      throw ConfigurationError("\"" + KeyPath(key) + "\" must be an array of " + what);
    }
    return v;
  }

  std::vector<std::string> ConfigurationSection::Strings(const std::string& key,
                                                         const std::vector<std::string>& defaultValue)
  {
    const Json::Value* v = Array(key, "strings");
    if (v == nullptr)
    {
      return defaultValue;
    }
    std::vector<std::string> values;
    for (Json::ArrayIndex i = 0; i < v->size(); i++)
    {
      if (!(*v)[i].isString())
      {
        throw ConfigurationError("\"" + KeyPath(key) + "[" + std::to_string(i) + "]\" must be a string");
      }
      values.push_back((*v)[i].asString());
    }
    return values;
  }

  std::vector<double> ConfigurationSection::Numbers(const std::string& key, const std::vector<double>& defaultValue,
                                                    double min, double max, size_t minCount, size_t maxCount)
  {
    const Json::Value* v = Array(key, "numbers");
    if (v == nullptr)
    {
      return defaultValue;
    }
    if (v->size() < minCount || v->size() > maxCount)
    {
      throw ConfigurationError("\"" + KeyPath(key) + "\" must have " + std::to_string(minCount) + " to " +
                               std::to_string(maxCount) + " entries");
    }
    std::vector<double> values;
    for (Json::ArrayIndex i = 0; i < v->size(); i++)
    {
      const Json::Value& entry = (*v)[i];
      if (!entry.isNumeric() || entry.asDouble() < min || entry.asDouble() > max)
      {
        throw ConfigurationError("\"" + KeyPath(key) + "[" + std::to_string(i) + "]\" must be a number from " +
                                 FormatNumber(min) + " to " + FormatNumber(max));
      }
      values.push_back(entry.asDouble());
    }
    return values;
  }

  ConfigurationSection ConfigurationSection::Object(const std::string& key)
  {
    const Json::Value* v = Get(key);
    return ConfigurationSection(v == nullptr ? Json::Value(Json::objectValue) : *v, KeyPath(key));
  }

  Json::Value ConfigurationSection::Raw(const std::string& key)
  {
    const Json::Value* v = Get(key);
    return v == nullptr ? Json::Value() : *v;
  }

  std::set<std::string> ConfigurationSection::Keys() const
  {
    std::set<std::string> keys;
    for (const std::string& k : value_.getMemberNames())
    {
      keys.insert(k);
    }
    return keys;
  }

  void ConfigurationSection::CheckNoUnknownKeys() const
  {
    for (const std::string& k : value_.getMemberNames())
    {
      if (known_.count(k) == 0)
      {
        throw ConfigurationError("unknown key \"" + k + "\" in \"" + path_ + "\"");
      }
    }
  }
}
