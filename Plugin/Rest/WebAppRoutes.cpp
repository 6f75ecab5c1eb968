#include "Rest/WebAppRoutes.h"

#include "Core/EmbeddedResources.h"
#include "Orthanc/HttpError.h"
#include "Orthanc/RestRouter.h"

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
      if (ends(".js")) return "application/javascript";
      if (ends(".css")) return "text/css";
      if (ends(".svg")) return "image/svg+xml";
      if (ends(".png")) return "image/png";
      if (ends(".json")) return "application/json";
      return "application/octet-stream";
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
      std::string content;
      if (!Embedded::Find("WebApp/" + r.groups.at(0), content))
      {
        throw HttpError(404, "Unknown page \"" + r.groups.at(0) + "\"");
      }
      out.AnswerBuffer(content, MimeType(r.groups.at(0)));
    });
  }
}
