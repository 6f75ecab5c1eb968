#pragma once

#include "Orthanc/Host.h"  // HttpMethod

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// The messages of the public listener (PublicHttpServer), as plain data: the site behind it (Intake/PublicSite)
// and its unit tests know nothing of the HTTP library.
namespace Ratatoskr
{
  struct PublicRequest
  {
    HttpMethod method = HttpMethod::Get;  // meaningful only when IsKnownMethod()
    std::string methodName;               // as sent: "GET", "HEAD", "OPTIONS"...
    std::string path;                     // percent-decoded, without the query string
    std::map<std::string, std::string> headers;    // lower-case keys; repeated headers joined with ", "
    std::map<std::string, std::string> arguments;  // of the query string, percent-decoded
    std::string body;
    std::string remoteIp;                 // the peer of the TCP connection
    long long contentLength = -1;         // declared by Content-Length; -1 without one

    bool IsKnownMethod() const
    {
      return methodName == "GET" || methodName == "POST" || methodName == "PUT" || methodName == "DELETE";
    }

    std::string Header(const std::string& lowerCaseName) const
    {
      const auto found = headers.find(lowerCaseName);
      return found == headers.end() ? std::string() : found->second;
    }
  };

  struct PublicResponse
  {
    int status = 200;
    std::string contentType;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type and Content-Length

    // Sets a header, replacing one of the same name (names compared as given).
    void SetHeader(const std::string& name, const std::string& value)
    {
      for (auto& header : headers)
      {
        if (header.first == name)
        {
          header.second = value;
          return;
        }
      }
      headers.emplace_back(name, value);
    }

    std::string Header(const std::string& name) const
    {
      for (const auto& header : headers)
      {
        if (header.first == name)
        {
          return header.second;
        }
      }
      return std::string();
    }
  };

  // What the public listener asks of the site behind it, on its HTTP threads (concurrently). No method may
  // throw: the listener answers a bare 500 if one does.
  class PublicRequestHandler
  {
  public:
    virtual ~PublicRequestHandler() = default;

    // Once the request line and headers are in, before any byte of the body is read (`request.body` is
    // empty): returns how many body bytes this request may have, or fills `refusal` and returns nothing to
    // answer at once, without reading the body (rate limit, unknown route, Content-Length over the limit).
    virtual std::optional<std::uint64_t> Admit(const PublicRequest& request, PublicResponse& refusal) = 0;

    // The admitted request with its whole body.
    virtual void Handle(const PublicRequest& request, PublicResponse& response) = 0;

    // The body (sent chunked, without Content-Length) grew beyond what Admit allowed: reading stopped there.
    virtual void RefuseBody(const PublicRequest& request, std::uint64_t maxBodyBytes, PublicResponse& response) = 0;
  };
}
