#include "Core/JsonText.h"

#include "Core/Errors.h"

#include <json/reader.h>
#include <json/writer.h>

#include <fstream>
#include <memory>
#include <sstream>

namespace Ratatoskr::Core::JsonText
{
  Json::Value Parse(const std::string& text, const std::string& origin)
  {
    Json::CharReaderBuilder builder;
    builder["rejectDupKeys"] = true;
    builder["allowComments"] = false;
    std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
    Json::Value value;
    std::string errors;
    if (!reader->parse(text.data(), text.data() + text.size(), &value, &errors))
    {
      throw ProfileError(origin, "", "invalid JSON: " + errors);
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
