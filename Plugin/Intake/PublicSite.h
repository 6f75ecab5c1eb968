#pragma once

#include "Core/BoundedJson.h"
#include "Intake/BadTokenLockout.h"
#include "Intake/ClientRateLimiter.h"
#include "Intake/PublicApiRequest.h"
#include "Orthanc/PublicHttp.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace Ratatoskr::Intake
{
  class PublicError;

  struct PublicSiteSettings
  {
    bool trustForwardedFor = false;      // "Public.TrustForwardedFor": count limits per X-Forwarded-For's last hop
    unsigned int requestsPerMinute = 600;  // "Invites.RequestsPerMinute", per client address
    unsigned int lockoutAttempts = 10;     // "Invites.BadTokenLockout.Attempts" bad tokens...
    unsigned int lockoutMinutes = 15;      // ...within this many minutes lock the address out for as long
  };

  // Everything the public listener answers, behind PublicHttpServer: the upload page and its assets
  // (UploadPages), the /api routes registered by the invite code, and for anything else a 404 — no Orthanc
  // route, no admin route. Each request is first counted against its client's rate limit; an /api request
  // from an address locked out after bad tokens is refused; a body larger than its route accepts is refused
  // before it is read. Every answer carries the security headers; errors are JSON {"Error", "Reason"}.
  class PublicSite : public PublicRequestHandler
  {
  public:
    using Clock = std::function<std::int64_t()>;  // monotonic milliseconds
    // Called inside a catch block when a handler failed unexpectedly (the answer is a generic 500): logs what
    // `where` ("POST /api/invite/have") and the exception being handled say.
    using InternalErrorLog = std::function<void(const std::string& where)>;

    PublicSite(const PublicSiteSettings& settings, InternalErrorLog logInternalError, Clock clock);

    // Registers `handler` for `method` on the exact `path` (which starts with "/api/"). A body larger than
    // `maxBodyBytes` is refused with 413 "too-large" before it is read (by its Content-Length) or as soon as it
    // grows past it (chunked). Register every route before the listener starts; not thread-safe.
    // A handler answers through the PublicResponse (AnswerJson) or throws PublicError; a PublicError with the
    // reason "unknown" (a bad token) counts toward the lockout of the client's address.
    void AddApiRoute(HttpMethod method, const std::string& path, PublicApiHandler handler,
                     std::uint64_t maxBodyBytes = Core::ClientJsonLimits.maxBytes);

    std::optional<std::uint64_t> Admit(const PublicRequest& request, PublicResponse& refusal) override;
    void Handle(const PublicRequest& request, PublicResponse& response) override;
    void RefuseBody(const PublicRequest& request, std::uint64_t maxBodyBytes, PublicResponse& response) override;

  private:
    struct ApiRoute
    {
      PublicApiHandler handler;
      std::uint64_t maxBodyBytes;
    };
    using Methods = std::map<HttpMethod, ApiRoute>;

    const Methods* FindApiPath(const std::string& path) const;
    static std::string AllowedMethods(const Methods& methods);
    void HandleApi(const ApiRoute& route, const PublicRequest& request, PublicResponse& response);
    static void AnswerError(PublicResponse& response, const PublicError& error);

    PublicSiteSettings settings_;
    InternalErrorLog logInternalError_;
    ClientRateLimiter limiter_;
    BadTokenLockout lockout_;
    std::map<std::string, Methods> apiRoutes_;
  };
}
