#include "Core/JsonText.h"

#include "Core/BoundedJson.h"
#include "Core/Errors.h"

#include <json/writer.h>

#include <fstream>
#include <memory>
#include <sstream>

namespace Ratatoskr::Core::JsonText
{
  Json::Value Parse(const std::string& text, const std::string& origin)
  {
    Json::Value value;
    const JsonParseResult parsed = ParseBoundedJson(text, TrustedJsonLimits, value, true);
    if (!parsed.Ok())
    {
      throw ProfileError(origin, "", parsed.error);
    }
    return value;
  }

  std::string Canonical(const Json::Value& value)
  {
    Json::StreamWriterBuilder builder;
    builder["indentation"] = "";
    builder["emitUTF8"] = true;
    return Json::writeString(builder, value);
  }

  std::string ReadFile(const std::string& path)
  {
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
      throw ProfileError(path, "", "cannot open the file");
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad())
    {
      throw ProfileError(path, "", "cannot read the file");
    }
    return content.str();
  }
}
