#include "Intake/SecurityHeaders.h"

namespace Ratatoskr::Intake::SecurityHeaders
{
  void Apply(PublicResponse& response, Caching caching)
  {
    response.SetHeader("Content-Security-Policy", ContentSecurityPolicy);
    response.SetHeader("Referrer-Policy", "no-referrer");
    response.SetHeader("X-Frame-Options", "DENY");
    response.SetHeader("X-Content-Type-Options", "nosniff");
    response.SetHeader("Cache-Control", caching == Caching::Revalidate ? "no-cache" : "no-store");
    response.SetHeader("Cross-Origin-Opener-Policy", "same-origin");
  }
}
