#pragma once

#include <json/value.h>

#include <cstddef>
#include <string>

// The one JSON reader of the project: every JSON text the plugin, the CLI or the engine parses goes
// through it. The nesting depth is checked by a flat scan *before* jsoncpp sees the text, because
// jsoncpp recurses once per level and a client's body nested some thousand levels deep exhausts the
// stack of Orthanc's HTTP thread (Orthanc 1.10.1 died with SIGSEGV at depth 5,000 even with jsoncpp's
// own stack limit).
namespace Ratatoskr::Core
{
  struct JsonLimits
  {
    size_t maxBytes;
    unsigned int maxDepth;
  };

  // Bodies sent by clients to the plugin's routes.
  constexpr JsonLimits ClientJsonLimits{1024 * 1024, 64};
  // Files and answers of trusted parts (Orthanc's own REST answers, configuration, profiles, stored
  // documents): large, but still bounded in depth.
  constexpr JsonLimits TrustedJsonLimits{size_t(1) << 30, 256};

  enum class JsonParseStatus { Ok, TooLarge, TooDeep, Malformed };

  struct JsonParseResult
  {
    JsonParseStatus status = JsonParseStatus::Ok;
    std::string error;  // what is wrong, in words (never the text itself)

    bool Ok() const { return status == JsonParseStatus::Ok; }
  };

  // Parses `text` into `value` (left null on failure). Comments are refused; duplicate keys too when
  // asked (profiles, where a duplicate is a mistake of the author).
  JsonParseResult ParseBoundedJson(const std::string& text, const JsonLimits& limits, Json::Value& value,
                                   bool rejectDuplicateKeys = false);

  // The deepest nesting of arrays and objects in `text`, counting at most up to `stopAbove` + 1.
  unsigned int JsonNestingDepth(const std::string& text, unsigned int stopAbove);
}
