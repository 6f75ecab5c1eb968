#pragma once

#include <json/value.h>
#include <map>
#include <string>
#include <vector>

// JSON text for the plugin's answers, bodies and stored documents.
namespace Ratatoskr::JsonIo
{
  std::string Styled(const Json::Value& value);   // indented, for answers
  std::string Compact(const Json::Value& value);  // one line, for storage and bodies
  // Text from trusted parts (Orthanc's answers, stored documents): Core::TrustedJsonLimits.
  bool Parse(const std::string& text, Json::Value& value);

  Json::Value Array(const std::vector<std::string>& items);

  // The keys of a map, as a JSON array (names of destinations, webhooks...).
  template <typename T>
  Json::Value Keys(const std::map<std::string, T>& map)
  {
    Json::Value keys(Json::arrayValue);
    for (const auto& entry : map)
    {
      keys.append(entry.first);
    }
    return keys;
  }
}
