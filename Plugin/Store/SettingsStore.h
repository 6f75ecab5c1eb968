#pragma once

#include <string>

namespace Ratatoskr
{
  // Named values of the plugin (e.g. the generated "Secret"). Not for patient data.
  class SettingsStore
  {
  public:
    virtual ~SettingsStore() = default;

    virtual bool Get(const std::string& key, std::string& value) = 0;
    virtual void Set(const std::string& key, const std::string& value) = 0;
    // Sets the value only if the key has none yet; returns the value now stored (race-free).
    virtual std::string SetIfAbsent(const std::string& key, const std::string& value) = 0;
  };
}
