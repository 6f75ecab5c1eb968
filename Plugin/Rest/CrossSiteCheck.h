#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace Ratatoskr
{
  struct CrossSiteRefusal
  {
    int status;           // 403 (foreign origin) or 415 (not a JSON body)
    std::string message;
  };

  // Why a state-changing request (POST, PUT, DELETE) must be refused, if it must. An HTML form or a
  // fetch(..., {mode: "no-cors"}) on any web site can POST from the browser of an admin logged in to
  // Orthanc (browsers resend Basic credentials) without a CORS preflight, but only with a form or text
  // content type, and always with the site's Origin. So:
  // - a body must be declared application/json (a "simple" content type needs no preflight);
  // - the Origin (or, without it, the Referer) must be this Orthanc, i.e. the authority the request was
  //   sent to (its Host header), or one of `allowedOrigins` ("https://pacs.example:8443"). A request
  //   without either comes from no web page (curl, scripts, Orthanc's own calls) and is accepted.
  // `headers` have lower-cased keys, as Orthanc gives them.
  std::optional<CrossSiteRefusal> CheckCrossSiteRequest(const std::map<std::string, std::string>& headers,
                                                       bool hasBody,
                                                       const std::vector<std::string>& allowedOrigins);

  // "scheme://host[:port]" in lower case with the scheme's default port removed; empty if `url` does not
  // start with an http(s) origin. Paths, queries and credentials are dropped.
  std::string NormalizeOrigin(const std::string& url);
}
