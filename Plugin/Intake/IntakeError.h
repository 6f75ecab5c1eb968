#pragma once

#include <json/value.h>

#include <stdexcept>
#include <string>

namespace Ratatoskr::Intake
{
  // The one error type of Plugin/Intake (invites and uploads): a reason the boundaries translate (the
  // public site into its JSON {"Error", "Reason"}, the admin REST API into HttpError). Messages are meant
  // for a person and never hold patient data.
  class IntakeError : public std::runtime_error
  {
  public:
    enum class Reason
    {
      UnknownToken,      // no invite with that token (counts toward the lockout of the client)
      Expired,
      Revoked,
      Exhausted,         // a limit of files, bytes or studies is reached
      TooLarge,          // one file over the size limit
      KindNotAllowed,    // a kind the invite does not accept
      NotDicom,          // not a readable DICOM file
      NoStamp,           // not de-identified by the page's engine with this invite's profile and key
      RefusedByProfile,  // the server's pass refused it (burned-in annotation, leak check)
      BadRequest,        // a malformed request (an admin's or the page's)
      UnknownInvite,     // admin: no invite with that ID
      NothingToFinish,   // Finish without any instance received
      NotAvailable       // the public listener is off: invites cannot be used
    };

    IntakeError(Reason reason, const std::string& message) : std::runtime_error(message), reason_(reason) {}

    Reason GetReason() const { return reason_; }

    // The code the public API answers ("expired", "no-stamp"...) and the HTTP status that goes with it.
    static const char* Code(Reason reason);
    static int Status(Reason reason);

  private:
    Reason reason_;
  };
}
