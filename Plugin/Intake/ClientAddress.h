#pragma once

#include "Orthanc/PublicHttp.h"

#include <string>

namespace Ratatoskr::Intake
{
  // The address the rate limit and the lockout count a request against: the TCP peer, or, behind a reverse
  // proxy trusted to set it ("Public.TrustForwardedFor"), the last entry of X-Forwarded-For (the one that proxy
  // appended; entries before it are whatever the client claimed). A last entry that is not an IP address
  // falls back to the peer.
  std::string ClientAddressOf(const PublicRequest& request, bool trustForwardedFor);
}
