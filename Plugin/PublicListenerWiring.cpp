#include "PublicListenerWiring.h"

#include "Application.h"
#include "Clock.h"
#include "Intake/PublicSite.h"
#include "Orthanc/ExceptionText.h"
#include "Orthanc/PublicHttpServer.h"

namespace Ratatoskr
{
  void BuildPublicSite(Application& a)
  {
    const PublicListenerConfiguration& listener = a.configuration.publicListener;
    if (!listener.enabled)
    {
      return;
    }
    Intake::PublicSiteSettings settings;
    settings.trustForwardedFor = listener.trustForwardedFor;
    settings.requestsPerMinute = a.configuration.invites.requestsPerMinute;
    settings.lockoutAttempts = a.configuration.invites.lockoutAttempts;
    settings.lockoutMinutes = a.configuration.invites.lockoutMinutes;
    const Host* host = &a.host;
    a.publicSite = std::make_unique<Intake::PublicSite>(
      settings,
      [host](const std::string& where)
      {
        host->LogError("Ratatoskr: public listener: internal error on " + where + ": " + DescribeCurrentException());
      },
      [] { return Clock::MonotonicMilliseconds(); });
  }

  std::unique_ptr<PublicHttpServer> MakePublicServer(Application& a)
  {
    if (!a.publicSite)
    {
      return nullptr;
    }
    const PublicListenerConfiguration& listener = a.configuration.publicListener;
    PublicServerSettings settings;
    settings.bindAddress = listener.bindAddress;
    settings.port = static_cast<std::uint16_t>(listener.port);
    settings.threads = listener.threads;
    settings.requestTimeoutSeconds = listener.requestTimeoutSeconds;
    settings.certificate = listener.certificate;
    settings.privateKey = listener.privateKey;
    return std::make_unique<PublicHttpServer>(a.host, settings, *a.publicSite);
  }

  void StartPublicServer(const Application& a, PublicHttpServer* server)
  {
    if (server == nullptr || server->IsRunning())
    {
      return;
    }
    const PublicListenerConfiguration& listener = a.configuration.publicListener;
    try
    {
      server->Start();
      a.host.LogWarning("Ratatoskr: public listener on " + listener.bindAddress + ":" + std::to_string(listener.port) +
                        (listener.certificate.empty() ? " (HTTP)" : " (HTTPS, TLS 1.2+)") + ", invite links start with " +
                        listener.BaseUrl() + "/upload/");
    }
    catch (...)
    {
      a.host.LogError("Ratatoskr: the public listener is not running: " + DescribeCurrentException() +
                      ". Orthanc and the rest of the plugin go on without it; free that port or change "
                      "\"Ratatoskr.Public.Port\", then restart Orthanc");
    }
  }
}
