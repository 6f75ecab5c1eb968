#include "EmbeddedWebFile.h"

#include "Core/Crypto.h"
#include "Core/EmbeddedResources.h"

#include <map>

namespace Ratatoskr
{
  namespace
  {
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
  }

  std::string MimeTypeOfFileName(const std::string& path)
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

  bool EmbeddedWebFile::Find(const std::string& resourcePath, EmbeddedWebFile& file)
  {
    if (!Embedded::Find(resourcePath, file.content))
    {
      return false;
    }
    file.mimeType = MimeTypeOfFileName(resourcePath);
    file.entityTag = EntityTag(resourcePath);
    return true;
  }

  bool EmbeddedWebFile::Exists(const std::string& resourcePath)
  {
    return !EntityTag(resourcePath).empty();
  }

  bool EmbeddedWebFile::IsNamedBy(const std::string& ifNoneMatch) const
  {
    return !entityTag.empty() && (ifNoneMatch == "*" || ifNoneMatch.find(entityTag) != std::string::npos);
  }
}
