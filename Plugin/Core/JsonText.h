#pragma once

#include <json/value.h>

#include <string>

namespace Ratatoskr::Core::JsonText
{
  // Throws ProfileError(origin, "", reason) if the text is not valid JSON (duplicate keys rejected).
  Json::Value Parse(const std::string& text, const std::string& origin);

  // Compact, key-sorted serialization (stable: used for hashing).
  std::string Canonical(const Json::Value& value);

  // Reads a whole file; throws ProfileError(path, "", reason) if it cannot be read.
  std::string ReadFile(const std::string& path);
}
