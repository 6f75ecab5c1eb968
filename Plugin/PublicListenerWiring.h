#pragma once

#include <memory>

namespace Ratatoskr
{
  struct Application;
  class PublicHttpServer;

  // The public listener ("Ratatoskr.Public"), wired by Plugin.cpp: the site (Application::publicSite, where the
  // invite code registers its /api routes) and the HTTP server in front of it. Both null when not Enabled.
  void BuildPublicSite(Application& application);
  std::unique_ptr<PublicHttpServer> MakePublicServer(Application& application);

  // Started once Orthanc is up; a port that cannot be opened is logged as an error and Orthanc goes on
  // without the listener (its own API and the rest of the plugin are unaffected).
  void StartPublicServer(const Application& application, PublicHttpServer* server);
}
