#pragma once

namespace Ratatoskr::Core
{
  class ProfileRegistry;
}

namespace Ratatoskr::Intake
{
  class InviteService;
  class PublicSite;
  class UploadFinisher;
  class UploadReceiver;

  // The /api/invite routes of the public listener (README, "Invites"): what the upload page may do with a
  // valid token, and nothing more. IntakeError is translated here into the site's PublicError.
  void RegisterInviteApi(PublicSite& site, const InviteService& invites, const UploadReceiver& uploads,
                         const UploadFinisher& finisher, const Core::ProfileRegistry& profiles);
}
