#pragma once

#include <stdexcept>
#include <string>

namespace Ratatoskr::Delivery
{
  // The one error type of the delivery layer (the REST boundary turns its kind into an HTTP status).
  class DeliveryError : public std::runtime_error
  {
  public:
    enum class Kind
    {
      UnknownStudy,        // 404
      UnknownDelivery,     // 404
      UnknownDestination,  // 400
      NotDeidentified,     // 400: not produced by Ratatoskr, nothing leaves
      WrongState           // 409: e.g. retrying a delivery that is running
    };

    DeliveryError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind GetKind() const { return kind_; }

  private:
    Kind kind_;
  };
}
