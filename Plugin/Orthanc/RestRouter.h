#pragma once

#include "Orthanc/Host.h"
#include "Orthanc/HttpError.h"

#include <json/value.h>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace Ratatoskr
{
  struct RestRequest
  {
    HttpMethod method = HttpMethod::Get;
    std::string uri;
    std::vector<std::string> groups;                 // regex capture groups of the route
    std::map<std::string, std::string> arguments;    // GET arguments (Orthanc parses them for GET only)
    std::map<std::string, std::string> headers;      // keys lower-cased
    std::string body;

    // The body as a JSON object; an empty body gives an empty object. Throws HttpError 413 when it is
    // larger than Core::ClientJsonLimits allow, 400 when it is nested too deep, not JSON or not an object,
    // and, with `acceptedKeys`, 400 on a key not among them (the answer lists them all).
    Json::Value JsonBody() const;
    Json::Value JsonBody(const std::vector<std::string>& acceptedKeys) const;
    std::string Header(const std::string& lowerCaseKey) const;
    bool HasArgument(const std::string& key) const { return arguments.count(key) != 0; }
  };

  // Throws HttpError 400 on a key of `body` not among `acceptedKeys` (the answer lists them all).
  void CheckAcceptedKeys(const Json::Value& body, const std::vector<std::string>& acceptedKeys);

  class RestResponse
  {
  public:
    virtual ~RestResponse() = default;
    virtual void AnswerJson(const Json::Value& value) = 0;
    virtual void AnswerBuffer(const std::string& body, const std::string& mimeType) = 0;
    virtual void SetHeader(const std::string& key, const std::string& value) = 0;
    virtual void Redirect(const std::string& location) = 0;
    virtual void SendStatus(int status, const std::string& body, const std::string& mimeType) = 0;
  };

  using RestHandler = std::function<void(const RestRequest&, RestResponse&)>;

  // Checks a state-changing request (POST, PUT, DELETE) before its handler runs; throws HttpError to refuse.
  using RequestCheck = std::function<void(const RestRequest&)>;

  // Turns an exception of a layer above (the store, a service) into the HttpError it means; returns false
  // to leave it as an internal error (500). Called inside the catch block.
  using ErrorTranslator = std::function<bool(HttpError&)>;

  // Routes of the plugin, registered with Orthanc's NoLock REST callbacks (the locking variant shares one
  // mutex with every plugin). Handlers throw HttpError for client errors; anything else becomes a 500.
  // Errors are answered as Orthanc-style JSON objects with the proper HTTP status.
  class RestRouter
  {
  public:
    explicit RestRouter(const Host& host) : host_(host) {}
    ~RestRouter();
    RestRouter(const RestRouter&) = delete;
    RestRouter& operator=(const RestRouter&) = delete;

    void Add(HttpMethod method, const std::string& pattern, RestHandler handler);

    // Runs before every POST/PUT/DELETE handler of the router (the cross-site checks).
    void SetStateChangingCheck(RequestCheck check) { stateChangingCheck_ = std::move(check); }
    void SetErrorTranslator(ErrorTranslator translator) { errorTranslator_ = std::move(translator); }

    // Registers every route with Orthanc. Only once, from OrthancPluginInitialize.
    void RegisterWithOrthanc();

    // Entry point of the C callback.
    void Dispatch(void* output, const char* url, const void* request) const;

  private:
    struct Route
    {
      std::string pattern;
      std::regex regex;
      std::map<HttpMethod, RestHandler> handlers;
    };

    void AnswerError(RestResponse& response, const RestRequest& request, const HttpError& error) const;

    const Host& host_;
    std::vector<std::unique_ptr<Route>> routes_;
    RequestCheck stateChangingCheck_;
    ErrorTranslator errorTranslator_;
  };
}
