#pragma once

#include "Orthanc/PublicHttp.h"

#include <string>

namespace Ratatoskr::Intake
{
  // The static part of the public listener, embedded in the plugin:
  // - GET /upload/ (and /upload/index.html): the upload page, WebApp/upload/index.html, never cached;
  // - GET /upload/<asset>: the other files of WebApp/upload/ (its scripts and styles), revalidated by ETag;
  // - GET /upload/engine/<file>: the engine compiled to WebAssembly (WebApp/ratatoskr-engine*), by ETag too.
  namespace UploadPages
  {
    // Whether the path is one of these and such a file is embedded (or the path is /upload, redirected).
    bool Has(const std::string& path);

    // Answers the file of `request.path` (200, or 304 when If-None-Match names it), with the security headers;
    // false when no such file is embedded (the caller answers 404).
    bool Serve(const PublicRequest& request, PublicResponse& response);
  }
}
