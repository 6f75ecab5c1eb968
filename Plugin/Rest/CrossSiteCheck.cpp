#include "Rest/CrossSiteCheck.h"

#include <algorithm>
#include <cctype>

namespace Ratatoskr
{
  namespace
  {
    // curl -d sends application/x-www-form-urlencoded: the most common way to meet the 415.
    const char* const CurlHint = " (with curl: --json '{...}', or -H 'Content-Type: application/json' -d '{...}')";

    std::string Lower(std::string s)
    {
      std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
      return s;
    }

    std::string Trim(const std::string& s)
    {
      const size_t begin = s.find_first_not_of(" \t");
      if (begin == std::string::npos)
      {
        return "";
      }
      return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
    }

    std::string Header(const std::map<std::string, std::string>& headers, const char* key)
    {
      auto it = headers.find(key);
      return it == headers.end() ? std::string() : Trim(it->second);
    }

    // For messages: a client-given value, bounded and printable.
    std::string Quoted(const std::string& value)
    {
      std::string shown;
      for (char c : value.substr(0, 100))
      {
        shown += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
      }
      return "\"" + shown + (value.size() > 100 ? "...\"" : "\"");
    }

    std::string WithoutDefaultPort(const std::string& scheme, const std::string& authority)
    {
      const std::string defaultPort = scheme == "https" ? ":443" : ":80";
      if (authority.size() > defaultPort.size() &&
          authority.compare(authority.size() - defaultPort.size(), defaultPort.size(), defaultPort) == 0)
      {
        return authority.substr(0, authority.size() - defaultPort.size());
      }
      return authority;
    }
  }

  std::string NormalizeOrigin(const std::string& url)
  {
    const std::string lower = Lower(Trim(url));
    const size_t colon = lower.find("://");
    if (colon == std::string::npos)
    {
      return "";
    }
    const std::string scheme = lower.substr(0, colon);
    if (scheme != "http" && scheme != "https")
    {
      return "";
    }
    std::string authority = lower.substr(colon + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    const size_t at = authority.rfind('@');
    if (at != std::string::npos)
    {
      authority = authority.substr(at + 1);
    }
    if (authority.empty())
    {
      return "";
    }
    return scheme + "://" + WithoutDefaultPort(scheme, authority);
  }

  std::optional<CrossSiteRefusal> CheckCrossSiteRequest(const std::map<std::string, std::string>& headers,
                                                       bool hasBody,
                                                       const std::vector<std::string>& allowedOrigins)
  {
    const std::string contentType = Header(headers, "content-type");
    const std::string mediaType = Lower(Trim(contentType.substr(0, contentType.find(';'))));
    if (!contentType.empty() && mediaType != "application/json")
    {
      return CrossSiteRefusal{415, "This route accepts only JSON bodies (Content-Type: application/json), not " +
                                   Quoted(mediaType) + CurlHint};
    }
    if (contentType.empty() && hasBody)
    {
      return CrossSiteRefusal{415, std::string("A request body must be sent with Content-Type: application/json") +
                                   CurlHint};
    }

    std::string source = Header(headers, "origin");
    const char* sourceHeader = "Origin";
    if (source.empty())
    {
      source = Header(headers, "referer");
      sourceHeader = "Referer";
    }
    if (source.empty())
    {
      return std::nullopt;  // no web page sent this
    }
    const std::string origin = NormalizeOrigin(source);
    if (!origin.empty())
    {
      const std::string scheme = origin.substr(0, origin.find(':'));
      const std::string authority = origin.substr(scheme.size() + 3);
      const std::string host = Lower(Header(headers, "host"));
      if (!host.empty() && authority == WithoutDefaultPort(scheme, host))
      {
        return std::nullopt;  // the page was served by the Orthanc (or the proxy) this request reached
      }
      for (const std::string& allowed : allowedOrigins)
      {
        if (NormalizeOrigin(allowed) == origin)
        {
          return std::nullopt;
        }
      }
    }
    return CrossSiteRefusal{403, "Cross-site request refused: its " + std::string(sourceHeader) + " " +
                                 Quoted(origin.empty() ? source : origin) +
                                 " is neither this Orthanc nor listed in \"Ratatoskr.AllowedOrigins\""};
  }
}
