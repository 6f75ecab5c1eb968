#pragma once

namespace Ratatoskr
{
  class RestRouter;

  // GET /ratatoskr/app/{file}: the pages embedded from WebApp/ (the admin page), behind Orthanc's
  // authentication; GET /ratatoskr/app/ redirects to the admin page.
  void RegisterWebAppRoutes(RestRouter& router);
}
