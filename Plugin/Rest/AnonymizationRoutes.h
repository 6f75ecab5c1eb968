#pragma once

namespace Ratatoskr
{
  class RestRouter;
  class AnonymizationService;
  struct Application;

  // POST /ratatoskr/{studies|series}/{id}/{anonymize|send}, POST /ratatoskr/{anonymize|send} (batch),
  // POST /ratatoskr/instances/{id}/preview, GET /ratatoskr/jobs[/{id}], GET /ratatoskr/profiles[/{name}].
  void RegisterAnonymizationRoutes(RestRouter& router, Application& app, const AnonymizationService& service);
}
