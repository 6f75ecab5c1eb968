#include "Rest/WebAppRoutes.h"

#include "EmbeddedWebFile.h"
#include "Orthanc/HttpError.h"
#include "Orthanc/RestRouter.h"

namespace Ratatoskr
{
  void RegisterWebAppRoutes(RestRouter& router)
  {
    router.Add(HttpMethod::Get, "/ratatoskr/app/?", [](const RestRequest&, RestResponse& out)
    {
      out.Redirect("/ratatoskr/app/admin.html");
    });
    router.Add(HttpMethod::Get, "/ratatoskr/app/([a-zA-Z0-9_.-]+)", [](const RestRequest& r, RestResponse& out)
    {
      EmbeddedWebFile file;
      if (!EmbeddedWebFile::Find("WebApp/" + r.groups.at(0), file))
      {
        throw HttpError(404, "Unknown page \"" + r.groups.at(0) + "\"");
      }
      // Revalidated on every use, answered 304 while unchanged: a new plugin (a new engine) is seen at once,
      // the 3 MB of the WebAssembly engine are not sent again otherwise.
      out.SetHeader("Cache-Control", "no-cache");
      if (!file.entityTag.empty())
      {
        out.SetHeader("ETag", file.entityTag);
      }
      if (file.IsNamedBy(r.Header("if-none-match")))
      {
        out.SendStatus(304, "", "");
        return;
      }
      out.AnswerBuffer(file.content, file.mimeType);
    });
  }
}
