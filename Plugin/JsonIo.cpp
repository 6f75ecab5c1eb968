#include "JsonIo.h"

#include <json/reader.h>
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
    Json::CharReaderBuilder builder;
    std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
    std::string errors;
    return reader->parse(text.data(), text.data() + text.size(), &value, &errors);
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
