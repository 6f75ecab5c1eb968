#include "Intake/PublicSite.h"

#include "Intake/ClientAddress.h"
#include "Intake/PublicError.h"
#include "Intake/SecurityHeaders.h"
#include "Intake/UploadPages.h"

#include <stdexcept>

namespace Ratatoskr::Intake
{
  namespace
  {
    const char* MethodName(HttpMethod method)
    {
      switch (method)
      {
        case HttpMethod::Get: return "GET";
        case HttpMethod::Post: return "POST";
        case HttpMethod::Put: return "PUT";
        case HttpMethod::Delete: return "DELETE";
      }
      return "GET";
    }

    PublicError NotFound()
    {
      return PublicError(PublicReason::NotFound, "Nothing is here");
    }

    PublicError NotAllowed(const std::string& methodName)
    {
      return PublicError(PublicReason::MethodNotAllowed, "The method " + methodName + " is not allowed here");
    }
  }

  PublicSite::PublicSite(const PublicSiteSettings& settings, InternalErrorLog logInternalError, Clock clock)
    : settings_(settings), logInternalError_(std::move(logInternalError)),
      limiter_(settings.requestsPerMinute, clock),
      lockout_(settings.lockoutAttempts, settings.lockoutMinutes, clock)
  {
  }

  void PublicSite::AddApiRoute(HttpMethod method, const std::string& path, PublicApiHandler handler,
                               std::uint64_t maxBodyBytes)
  {
    if (path.compare(0, 5, "/api/") != 0)
    {
      throw std::logic_error("public API routes start with /api/: " + path);
    }
    apiRoutes_[path][method] = ApiRoute{std::move(handler), maxBodyBytes};
  }

  const PublicSite::Methods* PublicSite::FindApiPath(const std::string& path) const
  {
    const auto found = apiRoutes_.find(path);
    return found == apiRoutes_.end() ? nullptr : &found->second;
  }

  std::string PublicSite::AllowedMethods(const Methods& methods)
  {
    std::string allowed;
    for (const auto& method : methods)
    {
      allowed += (allowed.empty() ? "" : ", ") + std::string(MethodName(method.first));
    }
    return allowed;
  }

  void PublicSite::AnswerError(PublicResponse& response, const PublicError& error)
  {
    Json::Value body;
    body["Error"] = error.what();
    body["Reason"] = error.Reason();
    const std::string allow = response.Header("Allow");
    response = PublicResponse();
    AnswerJson(response, body, error.Status());
    if (error.RetryAfterSeconds() > 0)
    {
      response.SetHeader("Retry-After", std::to_string(error.RetryAfterSeconds()));
    }
    if (!allow.empty())
    {
      response.SetHeader("Allow", allow);
    }
    SecurityHeaders::Apply(response);
  }

  std::optional<std::uint64_t> PublicSite::Admit(const PublicRequest& request, PublicResponse& refusal)
  {
    try
    {
      const std::string client = ClientAddressOf(request, settings_.trustForwardedFor);
      if (const int wait = limiter_.Take(client))
      {
        throw PublicError(PublicReason::RateLimited, "Too many requests from your address: wait " +
                          std::to_string(wait) + " s and try again", wait);
      }
      std::uint64_t maxBodyBytes = 0;
      if (UploadPages::Has(request.path))
      {
        if (request.methodName != "GET")
        {
          refusal.SetHeader("Allow", "GET");
          throw NotAllowed(request.methodName);
        }
      }
      else if (const Methods* methods = FindApiPath(request.path))
      {
        const auto route = request.IsKnownMethod() ? methods->find(request.method) : methods->end();
        if (route == methods->end())
        {
          refusal.SetHeader("Allow", AllowedMethods(*methods));
          throw NotAllowed(request.methodName);
        }
        if (const int locked = lockout_.LockedForSeconds(client))
        {
          throw PublicError(PublicReason::LockedOut, "Too many unknown links were tried from your address: wait " +
                            std::to_string((locked + 59) / 60) + " min and try again", locked);
        }
        maxBodyBytes = route->second.maxBodyBytes;
      }
      else
      {
        throw NotFound();
      }
      if (request.contentLength > 0 && static_cast<std::uint64_t>(request.contentLength) > maxBodyBytes)
      {
        RefuseBody(request, maxBodyBytes, refusal);
        return std::nullopt;
      }
      return maxBodyBytes;
    }
    catch (const PublicError& e)
    {
      AnswerError(refusal, e);
    }
    catch (...)
    {
      logInternalError_("admitting " + request.methodName + " " + request.path);
      AnswerError(refusal, PublicError(PublicReason::Internal, "Internal error"));
    }
    return std::nullopt;
  }

  void PublicSite::Handle(const PublicRequest& request, PublicResponse& response)
  {
    try
    {
      if (UploadPages::Has(request.path))
      {
        if (!UploadPages::Serve(request, response))
        {
          throw NotFound();
        }
        return;
      }
      // Admit refused every other request already.
      const Methods* methods = FindApiPath(request.path);
      if (methods == nullptr || !request.IsKnownMethod() || methods->count(request.method) == 0)
      {
        throw NotFound();
      }
      HandleApi(methods->at(request.method), request, response);
    }
    catch (const PublicError& e)
    {
      AnswerError(response, e);
    }
    catch (...)
    {
      logInternalError_(request.methodName + " " + request.path);
      AnswerError(response, PublicError(PublicReason::Internal, "Internal error"));
    }
  }

  void PublicSite::HandleApi(const ApiRoute& route, const PublicRequest& request, PublicResponse& response)
  {
    const PublicApiRequest apiRequest{request, ClientAddressOf(request, settings_.trustForwardedFor)};
    try
    {
      route.handler(apiRequest, response);
      SecurityHeaders::Apply(response);
    }
    catch (const PublicError& e)
    {
      if (e.Reason() == PublicReason::Unknown)
      {
        lockout_.CountBadToken(apiRequest.clientAddress);
      }
      throw;
    }
  }

  void PublicSite::RefuseBody(const PublicRequest&, std::uint64_t maxBodyBytes, PublicResponse& response)
  {
    AnswerError(response, PublicError(PublicReason::TooLarge, "The request body is larger than the " +
                                      std::to_string(maxBodyBytes) + " bytes accepted here"));
  }
}
