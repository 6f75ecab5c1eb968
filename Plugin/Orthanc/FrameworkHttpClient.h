#pragma once

#include "Orthanc/HttpClient.h"

namespace Ratatoskr
{
  // HttpClient on the Orthanc Framework's libcurl client, with Orthanc's TLS settings (HttpsVerifyPeers,
  // HttpsCACertificates). Not the SDK's OrthancPluginHttpClient: for any status other than 2xx, that one
  // returns an error code and drops the answer's headers and body, so a 429's or 503's Retry-After and a
  // receiver's reason would be lost.
  class FrameworkHttpClient : public HttpClient
  {
  public:
    // caCertificates empty: Debian's bundle (/etc/ssl/certs/ca-certificates.crt) when it exists.
    FrameworkHttpClient(bool verifyPeers, const std::string& caCertificates);

    HttpExchange Send(const OutgoingHttpRequest& request) const override;

    const std::string& CaCertificates() const { return caCertificates_; }

  private:
    bool verifyPeers_;
    std::string caCertificates_;
  };
}
