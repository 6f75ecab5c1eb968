#include "Rest/WebAppRoutes.h"

#include "Core/Crypto.h"
#include "Core/EmbeddedResources.h"
#include "Orthanc/HttpError.h"
#include "Orthanc/RestRouter.h"

#include <map>

namespace Ratatoskr
{
  namespace
  {
    std::string MimeType(const std::string& path)
    {
      const auto ends = [&path](const std::string& suffix)
      {
        return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
      };
      if (ends(".html")) return "text/html; charset=utf-8";
      if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";   // modules need a JS type
      if (ends(".wasm")) return "application/wasm";   // WebAssembly.instantiateStreaming() requires it
      if (ends(".css")) return "text/css";
      if (ends(".svg")) return "image/svg+xml";
      if (ends(".png")) return "image/png";
      if (ends(".json")) return "application/json";
      return "application/octet-stream";
    }

    // A strong validator per embedded file, computed once (the files never change while the plugin runs).
    const std::string& EntityTag(const std::string& path)
    {
      static const std::map<std::string, std::string> tags = []() {
        std::map<std::string, std::string> computed;
        std::string bytes;
        for (const std::string& file : Embedded::List("WebApp/"))
        {
          Embedded::Find(file, bytes);
          computed[file] = "\"" + Core::Crypto::ToHex(Core::Crypto::Sha256(bytes)).substr(0, 32) + "\"";
        }
        return computed;
      }();
      static const std::string none;
      const auto found = tags.find(path);
      return found != tags.end() ? found->second : none;
    }

    bool Matches(const std::string& ifNoneMatch, const std::string& tag)
    {
      return !tag.empty() && (ifNoneMatch == "*" || ifNoneMatch.find(tag) != std::string::npos);
    }
  }

  void RegisterWebAppRoutes(RestRouter& router)
  {
    router.Add(HttpMethod::Get, "/ratatoskr/app/?", [](const RestRequest&, RestResponse& out)
    {
      out.Redirect("/ratatoskr/app/admin.html");
    });
    router.Add(HttpMethod::Get, "/ratatoskr/app/([a-zA-Z0-9_.-]+)", [](const RestRequest& r, RestResponse& out)
    {
      const std::string path = "WebApp/" + r.groups.at(0);
      std::string content;
      if (!Embedded::Find(path, content))
      {
        throw HttpError(404, "Unknown page \"" + r.groups.at(0) + "\"");
      }
      // Revalidated on every use, answered 304 while unchanged: a new plugin (a new engine) is seen at once,
      // the 3 MB of the WebAssembly engine are not sent again otherwise.
      const std::string& tag = EntityTag(path);
      out.SetHeader("Cache-Control", "no-cache");
      if (!tag.empty())
      {
        out.SetHeader("ETag", tag);
      }
      if (Matches(r.Header("if-none-match"), tag))
      {
        out.SendStatus(304, "", "");
        return;
      }
      out.AnswerBuffer(content, MimeType(r.groups.at(0)));
    });
  }
}
