#include "JsonIo.h"

#include "Core/BoundedJson.h"

#include <json/writer.h>
#include <memory>

namespace Ratatoskr::JsonIo
{
  std::string Styled(const Json::Value& value)
  {
    Json::StreamWriterBuilder builder;
    builder["indentation"] = "  ";
    return Json::writeString(builder, value);
  }

  std::string Compact(const Json::Value& value)
  {
    Json::StreamWriterBuilder builder;
    builder["indentation"] = "";
    return Json::writeString(builder, value);
  }

  bool Parse(const std::string& text, Json::Value& value)
  {
    return Core::ParseBoundedJson(text, Core::TrustedJsonLimits, value).Ok();
  }

  Json::Value Array(const std::vector<std::string>& items)
  {
    Json::Value array(Json::arrayValue);
    for (const std::string& item : items)
    {
      array.append(item);
    }
    return array;
  }
}
