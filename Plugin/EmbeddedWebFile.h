#pragma once

#include <string>

namespace Ratatoskr
{
  // A file embedded from WebApp/ (the admin page, the upload page, the engine compiled to WebAssembly), with
  // what an HTTP answer needs: shared by the admin routes on Orthanc's port and the public listener.
  struct EmbeddedWebFile
  {
    std::string content;
    std::string mimeType;
    std::string entityTag;  // a strong validator (quoted), fixed while the plugin runs

    // The file at `resourcePath` ("WebApp/upload/index.html"); false if none is embedded there.
    static bool Find(const std::string& resourcePath, EmbeddedWebFile& file);

    // Whether a file of WebApp/ is embedded at `resourcePath` (without copying it).
    static bool Exists(const std::string& resourcePath);

    // Whether an If-None-Match header value names this file's tag (answer 304 then).
    bool IsNamedBy(const std::string& ifNoneMatch) const;
  };

  // The Content-Type of a file by its name's ending (application/octet-stream when unknown).
  std::string MimeTypeOfFileName(const std::string& name);
}
