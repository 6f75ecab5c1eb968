#include "Orthanc/Host.h"

#include "Orthanc/HttpError.h"
#include "JsonIo.h"
#include "Orthanc/SdkMemory.h"

#include <orthanc/OrthancCPlugin.h>

#include <stdexcept>
#include <vector>

namespace Ratatoskr
{
  Json::Value RestAnswer::Json() const
  {
    Json::Value value;
    if (!JsonIo::Parse(body, value))
    {
      throw std::runtime_error("Orthanc answered with something that is not JSON");
    }
    return value;
  }

  Host::Host(OrthancPluginContext* context) : context_(context)
  {
  }

  std::string Host::OrthancVersion() const
  {
    return context_->orthancVersion;
  }

  std::string Host::SdkVersion() const
  {
    return std::to_string(ORTHANC_PLUGINS_MINIMAL_MAJOR_NUMBER) + "." +
           std::to_string(ORTHANC_PLUGINS_MINIMAL_MINOR_NUMBER) + "." +
           std::to_string(ORTHANC_PLUGINS_MINIMAL_REVISION_NUMBER);
  }

  Json::Value Host::Configuration() const
  {
    SdkString text(context_, OrthancPluginGetConfiguration(context_));
    Json::Value value;
    if (!JsonIo::Parse(text.Str(), value))
    {
      throw std::runtime_error("cannot parse the Orthanc configuration");
    }
    return value;
  }

  std::string Host::ConfigurationPath() const
  {
    return SdkString(context_, OrthancPluginGetConfigurationPath(context_)).Str();
  }

  void Host::LogInfo(const std::string& message) const
  {
    OrthancPluginLogInfo(context_, message.c_str());
  }

  void Host::LogWarning(const std::string& message) const
  {
    OrthancPluginLogWarning(context_, message.c_str());
  }

  void Host::LogError(const std::string& message) const
  {
    OrthancPluginLogError(context_, message.c_str());
  }

  RestAnswer Host::Call(HttpMethod method, const std::string& uri, const std::string& body, bool afterPlugins,
                        const std::map<std::string, std::string>& headers) const
  {
    OrthancPluginHttpMethod m = OrthancPluginHttpMethod_Get;
    switch (method)
    {
      case HttpMethod::Get: m = OrthancPluginHttpMethod_Get; break;
      case HttpMethod::Post: m = OrthancPluginHttpMethod_Post; break;
      case HttpMethod::Put: m = OrthancPluginHttpMethod_Put; break;
      case HttpMethod::Delete: m = OrthancPluginHttpMethod_Delete; break;
    }

    std::vector<const char*> keys, values;
    for (const auto& h : headers)
    {
      keys.push_back(h.first.c_str());
      values.push_back(h.second.c_str());
    }

    SdkBuffer answer(context_);
    uint16_t status = 0;
    RestAnswer result;
    result.orthancError = OrthancPluginCallRestApi(
      context_, answer.Get(), nullptr, &status, m, uri.c_str(), static_cast<uint32_t>(keys.size()),
      keys.empty() ? nullptr : keys.data(), values.empty() ? nullptr : values.data(),
      body.empty() ? nullptr : body.data(), static_cast<uint32_t>(body.size()), afterPlugins ? 1 : 0);
    result.status = status;
    result.body = answer.Str();
    return result;
  }

  Json::Value Host::CallJson(HttpMethod method, const std::string& uri, const Json::Value& body,
                             bool afterPlugins) const
  {
    const std::string text = body.isNull() ? std::string() : JsonIo::Compact(body);
    RestAnswer answer = Call(method, uri, text, afterPlugins);
    if (!answer.Ok())
    {
      int status = answer.status >= 400 ? answer.status : 500;
      if (answer.orthancError == OrthancPluginErrorCode_UnknownResource ||
          answer.orthancError == OrthancPluginErrorCode_InexistentItem)
      {
        status = 404;
      }
      else if (answer.orthancError == OrthancPluginErrorCode_BadRequest ||
               answer.orthancError == OrthancPluginErrorCode_BadFileFormat ||
               answer.orthancError == OrthancPluginErrorCode_ParameterOutOfRange)
      {
        status = 400;
      }
      std::string description = answer.orthancError != 0 ? ErrorDescription(answer.orthancError)
                                                         : "HTTP status " + std::to_string(answer.status);
      throw HttpError(status, "Orthanc refused " + uri + ": " + description);
    }
    return answer.body.empty() ? Json::Value(Json::objectValue) : answer.Json();
  }

  std::string Host::ErrorDescription(int orthancError) const
  {
    const char* text = OrthancPluginGetErrorDescription(context_, static_cast<OrthancPluginErrorCode>(orthancError));
    return text != nullptr ? text : "Orthanc error " + std::to_string(orthancError);
  }

  std::string Host::GenerateUuid() const
  {
    return SdkString(context_, OrthancPluginGenerateUuid(context_)).Str();
  }

  void Host::ExtendOrthancExplorer(const std::string& javascript) const
  {
    OrthancPluginExtendOrthancExplorer(context_, javascript.c_str());
  }
}
