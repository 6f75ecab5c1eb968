#include "ConfigurationSection.h"

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

  unsigned int ConfigurationSection::UnsignedInteger(const std::string& key, unsigned int defaultValue,
                                                     unsigned int min, unsigned int max)
  {
    const Json::Value* v = Get(key);
    if (v == nullptr)
    {
      return defaultValue;
    }
    if (!v->isIntegral() || v->asLargestInt() < static_cast<Json::LargestInt>(min) ||
        v->asLargestInt() > static_cast<Json::LargestInt>(max))
    {
      throw ConfigurationError("\"" + KeyPath(key) + "\" must be an integer from " + std::to_string(min) +
                               " to " + std::to_string(max));
    }
    return static_cast<unsigned int>(v->asLargestInt());
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
