#include "Intake/PublicError.h"

#include <map>

namespace Ratatoskr::Intake
{
  int StatusOfReason(const std::string& reason)
  {
    static const std::map<std::string, int> statuses = {
      {PublicReason::MissingToken, 401}, {PublicReason::Unknown, 401}, {PublicReason::LockedOut, 429},
      {PublicReason::RateLimited, 429}, {PublicReason::Expired, 410}, {PublicReason::Revoked, 410},
      {PublicReason::Exhausted, 409}, {PublicReason::TooLarge, 413}, {PublicReason::KindNotAllowed, 415},
      {PublicReason::NotDicom, 400}, {PublicReason::NoStamp, 422}, {PublicReason::BadRequest, 400},
      {PublicReason::NotFound, 404}, {PublicReason::MethodNotAllowed, 405}, {PublicReason::Internal, 500},
    };
    const auto found = statuses.find(reason);
    return found == statuses.end() ? 500 : found->second;
  }
}
