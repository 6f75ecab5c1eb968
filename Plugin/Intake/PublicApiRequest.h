#pragma once

#include "Core/BoundedJson.h"
#include "Orthanc/PublicHttp.h"

#include <json/value.h>
#include <functional>
#include <string>

namespace Ratatoskr::Intake
{
  // What a handler of a public /api route gets: the request, admitted (rate limit, lockout, body size), and the
  // address it came from (as the limits see it).
  struct PublicApiRequest
  {
    static constexpr const char* TokenHeader = "x-invite-token";

    const PublicRequest& http;
    std::string clientAddress;

    std::string Header(const std::string& lowerCaseName) const { return http.Header(lowerCaseName); }
    std::string Token() const { return http.Header(TokenHeader); }  // empty when missing

    // The body as a JSON object (an empty body is {}), bounded in size and depth *before* jsoncpp parses it.
    // Throws PublicError "too-large" (413) over limits.maxBytes, "bad-request" (400) when nested deeper than
    // limits.maxDepth, not JSON, or not an object.
    Json::Value JsonBody(const Core::JsonLimits& limits = Core::ClientJsonLimits) const;
  };

  using PublicApiHandler = std::function<void(const PublicApiRequest&, PublicResponse&)>;

  // Answers `value` as JSON (one line) with `status`.
  void AnswerJson(PublicResponse& response, const Json::Value& value, int status = 200);
}
