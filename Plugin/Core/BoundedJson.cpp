#include "Core/BoundedJson.h"

#include <json/reader.h>

#include <memory>

namespace Ratatoskr::Core
{
  unsigned int JsonNestingDepth(const std::string& text, unsigned int stopAbove)
  {
    unsigned int depth = 0;
    unsigned int deepest = 0;
    bool inString = false;
    for (size_t i = 0; i < text.size(); i++)
    {
      const char c = text[i];
      if (inString)
      {
        if (c == '\\')
        {
          i++;  // the escaped character cannot end the string
        }
        else if (c == '"')
        {
          inString = false;
        }
      }
      else if (c == '"')
      {
        inString = true;
      }
      else if (c == '[' || c == '{')
      {
        if (++depth > deepest)
        {
          deepest = depth;
          if (deepest > stopAbove)
          {
            return deepest;
          }
        }
      }
      else if ((c == ']' || c == '}') && depth > 0)
      {
        depth--;
      }
    }
    return deepest;
  }

  JsonParseResult ParseBoundedJson(const std::string& text, const JsonLimits& limits, Json::Value& value,
                                   bool rejectDuplicateKeys)
  {
    value = Json::Value();
    JsonParseResult result;
    if (text.size() > limits.maxBytes)
    {
      result.status = JsonParseStatus::TooLarge;
      result.error = "the JSON text has " + std::to_string(text.size()) + " bytes, more than the " +
                     std::to_string(limits.maxBytes) + " accepted";
      return result;
    }
    if (JsonNestingDepth(text, limits.maxDepth) > limits.maxDepth)
    {
      result.status = JsonParseStatus::TooDeep;
      result.error = "the JSON text is nested deeper than " + std::to_string(limits.maxDepth) + " levels";
      return result;
    }

    Json::CharReaderBuilder builder;
    builder["allowComments"] = false;
    builder["rejectDupKeys"] = rejectDuplicateKeys;
    builder["failIfExtra"] = true;  // "{} garbage" is not a JSON text
    builder["stackLimit"] = static_cast<int>(limits.maxDepth) + 1;
    std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
    std::string errors;
    if (!reader->parse(text.data(), text.data() + text.size(), &value, &errors))
    {
      value = Json::Value();
      result.status = JsonParseStatus::Malformed;
      // jsoncpp's report ("* Line 1, Column 2\n  Missing '}'...") on one line.
      result.error = "invalid JSON:";
      bool space = true;
      for (char c : errors)
      {
        const bool blank = c == '\n' || c == ' ' || c == '\t' || c == '*';
        if (!blank)
        {
          result.error += (space ? " " : "") + std::string(1, c);
        }
        space = blank;
      }
    }
    return result;
  }
}
