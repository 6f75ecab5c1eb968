#pragma once

#include "Orthanc/PublicHttp.h"

namespace Ratatoskr::Intake
{
  // The headers every answer of the public listener carries (README, "Public listener"): a Content-Security-
  // Policy allowing only the page's own scripts, workers and WebAssembly, no referrer, no framing, no type
  // sniffing, no opener across origins. An answer is not stored by any cache (`Cache-Control: no-store`),
  // except the static assets, which are revalidated by their ETag (`no-cache`).
  namespace SecurityHeaders
  {
    constexpr const char* ContentSecurityPolicy =
      "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
      "img-src 'self' blob: data:; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    enum class Caching { NoStore, Revalidate };

    void Apply(PublicResponse& response, Caching caching = Caching::NoStore);
  }
}
