#include "Intake/UploadPages.h"

#include "EmbeddedWebFile.h"
#include "Intake/SecurityHeaders.h"

#include <regex>

namespace Ratatoskr::Intake::UploadPages
{
  namespace
  {
    const std::string Root = "/upload";
    const std::string PageResource = "WebApp/upload/index.html";

    // The resource behind a path, "" when the path is none of ours. Names are plain (no dot first, no "..":
    // civetweb has already removed dot segments, this keeps it so whatever the server).
    std::string ResourceOf(const std::string& path)
    {
      static const std::regex asset("/upload/([A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*)");
      static const std::regex engine("/upload/engine/(ratatoskr-engine[A-Za-z0-9_.-]*\\.(mjs|js|wasm))");
      std::smatch match;
      if (path == Root + "/")
      {
        return PageResource;
      }
      if (std::regex_match(path, match, engine))
      {
        return "WebApp/" + match[1].str();
      }
      if (path.compare(0, Root.size() + 8, Root + "/engine/") != 0 && std::regex_match(path, match, asset))
      {
        return "WebApp/upload/" + match[1].str();
      }
      return "";
    }
  }

  bool Has(const std::string& path)
  {
    if (path == Root)
    {
      return true;
    }
    const std::string resource = ResourceOf(path);
    return !resource.empty() && EmbeddedWebFile::Exists(resource);
  }

  bool Serve(const PublicRequest& request, PublicResponse& response)
  {
    if (request.path == Root)
    {
      response.status = 302;  // relative: right behind a proxy that mounts the listener under a prefix too
      response.SetHeader("Location", "upload/");
      SecurityHeaders::Apply(response);
      return true;
    }
    const std::string resource = ResourceOf(request.path);
    EmbeddedWebFile file;
    if (resource.empty() || !EmbeddedWebFile::Find(resource, file))
    {
      return false;
    }
    if (resource == PageResource)
    {
      // The page of an invite: never kept by a cache (its token is in the fragment, but the page is the door).
      response.contentType = file.mimeType;
      response.body = file.content;
      SecurityHeaders::Apply(response, SecurityHeaders::Caching::NoStore);
      return true;
    }
    SecurityHeaders::Apply(response, SecurityHeaders::Caching::Revalidate);
    if (!file.entityTag.empty())
    {
      response.SetHeader("ETag", file.entityTag);
    }
    if (file.IsNamedBy(request.Header("if-none-match")))
    {
      response.status = 304;
      return true;
    }
    response.contentType = file.mimeType;
    response.body = file.content;
    return true;
  }
}
