#pragma once

#include <stdexcept>
#include <string>

namespace Ratatoskr::Intake
{
  // The "Reason" codes of the public listener's errors (README, "Public listener"); each has its status.
  namespace PublicReason
  {
    constexpr const char* MissingToken = "missing-token";     // 401
    constexpr const char* Unknown = "unknown";                // 401, counts toward the lockout of the address
    constexpr const char* LockedOut = "locked-out";           // 429 + Retry-After
    constexpr const char* RateLimited = "rate-limited";       // 429 + Retry-After
    constexpr const char* Expired = "expired";                // 410
    constexpr const char* Revoked = "revoked";                // 410
    constexpr const char* Exhausted = "exhausted";            // 409
    constexpr const char* TooLarge = "too-large";             // 413
    constexpr const char* KindNotAllowed = "kind-not-allowed";  // 415
    constexpr const char* NotDicom = "not-dicom";             // 400
    constexpr const char* NoStamp = "no-stamp";               // 422
    constexpr const char* BadRequest = "bad-request";         // 400
    // Of the listener itself, besides the invite API's reasons:
    constexpr const char* NotFound = "not-found";             // 404
    constexpr const char* MethodNotAllowed = "method-not-allowed";  // 405
    constexpr const char* Internal = "internal";              // 500
  }

  // The HTTP status of a reason above; 500 for a reason not in the list.
  int StatusOfReason(const std::string& reason);

  // An error of a public route, answered as {"Error": <words>, "Reason": <reason>} with the reason's status.
  // The words are read by the collaborator: plain, never patient data, never a secret or a token.
  class PublicError : public std::runtime_error
  {
  public:
    PublicError(const std::string& reason, const std::string& words, int retryAfterSeconds = 0)
      : std::runtime_error(words), reason_(reason), status_(StatusOfReason(reason)),
        retryAfterSeconds_(retryAfterSeconds)
    {
    }

    const std::string& Reason() const { return reason_; }
    int Status() const { return status_; }
    int RetryAfterSeconds() const { return retryAfterSeconds_; }  // 0: no Retry-After

  private:
    std::string reason_;
    int status_;
    int retryAfterSeconds_;
  };
}
