#pragma once

#include <json/value.h>
#include <string>

// JSON text for the plugin's answers, bodies and stored documents.
namespace Ratatoskr::JsonIo
{
  std::string Styled(const Json::Value& value);   // indented, for answers
  std::string Compact(const Json::Value& value);  // one line, for storage and bodies
  bool Parse(const std::string& text, Json::Value& value);
}
