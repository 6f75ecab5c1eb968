#pragma once

namespace Ratatoskr
{
  class RestRouter;
  struct Application;

  // GET /ratatoskr/system: versions, DICOMweb presence, destinations and webhooks (names only), storage.
  void RegisterSystemRoutes(RestRouter& router, const Application& app);
}
