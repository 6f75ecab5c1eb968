#include "Orthanc/RestRouter.h"

#include "Core/BoundedJson.h"
#include "JsonIo.h"
#include "Orthanc/ExceptionText.h"

#include <orthanc/OrthancCPlugin.h>

#include <algorithm>

namespace Ratatoskr
{
  namespace
  {
    // Orthanc's C callbacks carry no user data: the one router of the plugin is reached through this slot,
    // set when the routes are registered and cleared with the router.
    const RestRouter* registeredRouter = nullptr;

    OrthancPluginErrorCode RouteCallback(OrthancPluginRestOutput* output, const char* url,
                                         const OrthancPluginHttpRequest* request)
    {
      if (registeredRouter == nullptr)
      {
        return OrthancPluginErrorCode_InternalError;
      }
      try
      {
        registeredRouter->Dispatch(output, url, request);
        return OrthancPluginErrorCode_Success;
      }
      catch (...)  // Dispatch answers every error itself; this is the last guard of the C boundary
      {
        return OrthancPluginErrorCode_InternalError;
      }
    }

    const char* MethodName(HttpMethod m)
    {
      switch (m)
      {
        case HttpMethod::Get: return "GET";
        case HttpMethod::Post: return "POST";
        case HttpMethod::Put: return "PUT";
        case HttpMethod::Delete: return "DELETE";
      }
      return "GET";
    }

    const char* StatusText(int status)
    {
      switch (status)
      {
        case 400: return "Bad Request";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 409: return "Conflict";
        case 410: return "Gone";
        case 413: return "Payload Too Large";
        case 415: return "Unsupported Media Type";
        case 422: return "Unprocessable Entity";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "Error";
      }
    }

    class SdkResponse : public RestResponse
    {
    public:
      SdkResponse(OrthancPluginContext* context, OrthancPluginRestOutput* output)
        : context_(context), output_(output)
      {
      }

      void AnswerJson(const Json::Value& value) override
      {
        AnswerBuffer(JsonIo::Styled(value), "application/json");
      }

      void AnswerBuffer(const std::string& body, const std::string& mimeType) override
      {
        OrthancPluginAnswerBuffer(context_, output_, body.data(), static_cast<uint32_t>(body.size()),
                                  mimeType.c_str());
      }

      void SetHeader(const std::string& key, const std::string& value) override
      {
        OrthancPluginSetHttpHeader(context_, output_, key.c_str(), value.c_str());
      }

      void Redirect(const std::string& location) override
      {
        OrthancPluginRedirect(context_, output_, location.c_str());
      }

      void SendStatus(int status, const std::string& body, const std::string& mimeType) override
      {
        if (status == 200)
        {
          AnswerBuffer(body, mimeType);
        }
        else if (body.empty())
        {
          OrthancPluginSendHttpStatusCode(context_, output_, static_cast<uint16_t>(status));
        }
        else
        {
          SetHeader("Content-Type", mimeType);
          OrthancPluginSendHttpStatus(context_, output_, static_cast<uint16_t>(status), body.data(),
                                      static_cast<uint32_t>(body.size()));
        }
      }

    private:
      OrthancPluginContext* context_;
      OrthancPluginRestOutput* output_;
    };
  }

  Json::Value RestRequest::JsonBody() const
  {
    if (body.empty())
    {
      return Json::Value(Json::objectValue);
    }
    Json::Value value;
    const Core::JsonParseResult parsed = Core::ParseBoundedJson(body, Core::ClientJsonLimits, value);
    switch (parsed.status)
    {
      case Core::JsonParseStatus::Ok:
        break;
      case Core::JsonParseStatus::TooLarge:
        throw HttpError(413, "The request body is too large: " + parsed.error);
      default:
        throw HttpError(400, "The request body must be a JSON object: " + parsed.error);
    }
    if (!value.isObject())
    {
      throw HttpError(400, "The request body must be a JSON object");
    }
    return value;
  }

  Json::Value RestRequest::JsonBody(const std::vector<std::string>& acceptedKeys) const
  {
    Json::Value value = JsonBody();
    CheckAcceptedKeys(value, acceptedKeys);
    return value;
  }

  void CheckAcceptedKeys(const Json::Value& body, const std::vector<std::string>& acceptedKeys)
  {
    for (const std::string& key : body.getMemberNames())
    {
      if (std::find(acceptedKeys.begin(), acceptedKeys.end(), key) == acceptedKeys.end())
      {
        Json::Value details;
        details["AcceptedKeys"] = JsonIo::Array(acceptedKeys);
        std::string list;
        for (const std::string& accepted : acceptedKeys)
        {
          list += (list.empty() ? "" : ", ") + accepted;
        }
        throw HttpError(400, "Unknown key \"" + key + "\" in the request body; this route accepts: " + list,
                        details);
      }
    }
  }

  std::string RestRequest::Header(const std::string& lowerCaseKey) const
  {
    auto it = headers.find(lowerCaseKey);
    return it == headers.end() ? std::string() : it->second;
  }

  RestRouter::~RestRouter()
  {
    if (registeredRouter == this)
    {
      registeredRouter = nullptr;
    }
  }

  void RestRouter::Add(HttpMethod method, const std::string& pattern, RestHandler handler)
  {
    for (auto& route : routes_)
    {
      if (route->pattern == pattern)
      {
        route->handlers[method] = std::move(handler);
        return;
      }
    }
    auto route = std::make_unique<Route>();
    route->pattern = pattern;
    route->regex = std::regex(pattern);
    route->handlers[method] = std::move(handler);
    routes_.push_back(std::move(route));
  }

  void RestRouter::RegisterWithOrthanc()
  {
    registeredRouter = this;
    for (const auto& route : routes_)
    {
      OrthancPluginRegisterRestCallbackNoLock(host_.Context(), route->pattern.c_str(), RouteCallback);
    }
  }

  void RestRouter::Dispatch(void* outputPtr, const char* url, const void* requestPtr) const
  {
    auto* output = static_cast<OrthancPluginRestOutput*>(outputPtr);
    const auto* request = static_cast<const OrthancPluginHttpRequest*>(requestPtr);
    SdkResponse response(host_.Context(), output);

    RestRequest r;
    r.uri = url;
    switch (request->method)
    {
      case OrthancPluginHttpMethod_Get: r.method = HttpMethod::Get; break;
      case OrthancPluginHttpMethod_Post: r.method = HttpMethod::Post; break;
      case OrthancPluginHttpMethod_Put: r.method = HttpMethod::Put; break;
      case OrthancPluginHttpMethod_Delete: r.method = HttpMethod::Delete; break;
      default: break;
    }

    try
    {
      const Route* route = nullptr;
      for (const auto& candidate : routes_)
      {
        if (std::regex_match(r.uri, candidate->regex))
        {
          route = candidate.get();
          break;
        }
      }
      if (route == nullptr)
      {
        throw HttpError(404, "Unknown route");
      }

      auto handler = route->handlers.find(r.method);
      if (handler == route->handlers.end())
      {
        std::string allowed;
        for (const auto& h : route->handlers)
        {
          allowed += (allowed.empty() ? "" : ",") + std::string(MethodName(h.first));
        }
        OrthancPluginSendMethodNotAllowed(host_.Context(), output, allowed.c_str());
        return;
      }

      for (uint32_t i = 0; i < request->groupsCount; i++)
      {
        r.groups.push_back(request->groups[i]);
      }
      for (uint32_t i = 0; i < request->getCount; i++)
      {
        r.arguments[request->getKeys[i]] = request->getValues[i];
      }
      for (uint32_t i = 0; i < request->headersCount; i++)
      {
        r.headers[request->headersKeys[i]] = request->headersValues[i];
      }
      if (request->body != nullptr && request->bodySize > 0)
      {
        r.body.assign(static_cast<const char*>(request->body), request->bodySize);
      }

      if (r.method != HttpMethod::Get && stateChangingCheck_)
      {
        stateChangingCheck_(r);
      }
      handler->second(r, response);
    }
    catch (const HttpError& e)
    {
      AnswerError(response, r, e);
    }
    catch (...)
    {
      HttpError translated(500, "");
      if (errorTranslator_ && errorTranslator_(translated))
      {
        AnswerError(response, r, translated);
        return;
      }
      const std::string what = DescribeCurrentException();
      host_.LogError(std::string("Ratatoskr: internal error on ") + MethodName(r.method) + " " + r.uri + ": " + what);
      AnswerError(response, r, HttpError(500, "Internal error in Ratatoskr: " + what));
    }
  }

  void RestRouter::AnswerError(RestResponse& response, const RestRequest& request, const HttpError& e) const
  {
    // Answering can fail too (the client went away): never let that reach Orthanc's C code.
    try
    {
      Json::Value error;
      error["HttpError"] = StatusText(e.Status());
      error["HttpStatus"] = e.Status();
      error["Message"] = e.what();
      error["Method"] = MethodName(request.method);
      error["Uri"] = request.uri;
      if (!e.Details().isNull())
      {
        error["Details"] = e.Details();
      }
      response.SendStatus(e.Status(), JsonIo::Styled(error), "application/json");
    }
    catch (...)
    {
      host_.LogError("Ratatoskr: cannot answer " + request.uri + ": " + DescribeCurrentException());
    }
  }
}
