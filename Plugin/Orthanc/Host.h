#pragma once

#include <json/value.h>
#include <map>
#include <string>

struct _OrthancPluginContext_t;

namespace Ratatoskr
{
  enum class HttpMethod { Get, Post, Put, Delete };

  // Answer of a call to Orthanc's own REST API.
  struct RestAnswer
  {
    int status = 0;        // HTTP status; 0 when Orthanc reported an internal error code instead
    int orthancError = 0;  // Orthanc error code (0 = success)
    std::string body;

    bool Ok() const { return orthancError == 0 && status >= 200 && status < 300; }
    Json::Value Json() const;  // body parsed as JSON; throws std::runtime_error if it is not JSON
  };

  // The Orthanc process this plugin runs in: configuration, logging, versions and its REST API.
  // Thread-safe: every method may be called from any thread.
  class Host
  {
  public:
    explicit Host(_OrthancPluginContext_t* context);

    _OrthancPluginContext_t* Context() const { return context_; }

    std::string OrthancVersion() const;
    std::string SdkVersion() const;
    Json::Value Configuration() const;    // the whole Orthanc configuration
    std::string ConfigurationPath() const;  // file or folder given to Orthanc on its command line

    void LogInfo(const std::string& message) const;
    void LogWarning(const std::string& message) const;
    void LogError(const std::string& message) const;

    // Calls Orthanc's REST API (built-in routes and, with afterPlugins, plugin routes such as DICOMweb).
    RestAnswer Call(HttpMethod method, const std::string& uri, const std::string& body = std::string(),
                    bool afterPlugins = true,
                    const std::map<std::string, std::string>& headers = {}) const;

    // Like Call, but throws HttpError (with the status Orthanc gave, 500 if none) unless it succeeded.
    Json::Value CallJson(HttpMethod method, const std::string& uri, const Json::Value& body = Json::nullValue,
                         bool afterPlugins = true) const;

    std::string GenerateUuid() const;
    std::string ErrorDescription(int orthancError) const;  // Orthanc's words for one of its error codes

    // Adds JavaScript to the legacy Orthanc Explorer (/app/explorer.html). Only from initialization.
    void ExtendOrthancExplorer(const std::string& javascript) const;

  private:
    _OrthancPluginContext_t* context_;
  };
}
