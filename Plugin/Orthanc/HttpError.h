#pragma once

#include <json/value.h>
#include <stdexcept>
#include <string>

namespace Ratatoskr
{
  // An error meant for the HTTP client: its status and a message (never patient data).
  // Thrown by services and REST handlers; the router turns it into an Orthanc-style JSON error.
  class HttpError : public std::runtime_error
  {
  public:
    HttpError(int status, const std::string& message, const Json::Value& details = Json::nullValue)
      : std::runtime_error(message), status_(status), details_(details)
    {
    }

    int Status() const { return status_; }
    const Json::Value& Details() const { return details_; }

  private:
    int status_;
    Json::Value details_;
  };
}
