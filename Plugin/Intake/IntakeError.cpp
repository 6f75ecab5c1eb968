#include "Intake/IntakeError.h"

namespace Ratatoskr::Intake
{
  const char* IntakeError::Code(Reason reason)
  {
    switch (reason)
    {
      case Reason::UnknownToken: return "unknown";
      case Reason::Expired: return "expired";
      case Reason::Revoked: return "revoked";
      case Reason::Exhausted: return "exhausted";
      case Reason::TooLarge: return "too-large";
      case Reason::KindNotAllowed: return "kind-not-allowed";
      case Reason::NotDicom: return "not-dicom";
      case Reason::NoStamp: return "no-stamp";
      case Reason::RefusedByProfile: return "refused-by-profile";
      case Reason::BadRequest: return "bad-request";
      case Reason::UnknownInvite: return "unknown-invite";
      case Reason::NothingToFinish: return "nothing-to-finish";
      case Reason::NotAvailable: return "not-available";
    }
    return "bad-request";
  }

  int IntakeError::Status(Reason reason)
  {
    switch (reason)
    {
      case Reason::UnknownToken: return 401;
      case Reason::Expired: return 410;
      case Reason::Revoked: return 410;
      case Reason::Exhausted: return 409;
      case Reason::TooLarge: return 413;
      case Reason::KindNotAllowed: return 415;
      case Reason::NotDicom: return 400;
      case Reason::NoStamp: return 422;
      case Reason::RefusedByProfile: return 422;
      case Reason::BadRequest: return 400;
      case Reason::UnknownInvite: return 404;
      case Reason::NothingToFinish: return 409;
      case Reason::NotAvailable: return 409;
    }
    return 400;
  }
}
