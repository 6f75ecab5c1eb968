#pragma once

#include "Store/SettingsStore.h"

namespace Ratatoskr::Sqlite
{
  class Connection;

  // SQL of the settings; runs inside the transaction its caller opened.
  class Settings : public SettingsStore
  {
  public:
    explicit Settings(Connection& connection) : connection_(connection) {}

    bool Get(const std::string& key, std::string& value) override;
    void Set(const std::string& key, const std::string& value) override;
    std::string SetIfAbsent(const std::string& key, const std::string& value) override;

  private:
    Connection& connection_;
  };
}
