#pragma once

namespace Ratatoskr
{
  struct Application;
  class RestRouter;

  // The admin side of invites (README, "Invites"): create, list, read with uploads, revoke, extend.
  void RegisterInviteRoutes(RestRouter& router, Application& app);
}
