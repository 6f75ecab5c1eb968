#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

// The Retry-After header of an HTTP answer (RFC 9110, section 10.2.3): delta-seconds or an HTTP-date.
namespace Ratatoskr::Delivery
{
  // The delay the value asks for, counted from `now`: a date in the past gives 0, anything longer
  // than `maximum` gives `maximum` (a receiver cannot park an event for ever). Blanks around the
  // value are ignored. Nothing when the value is neither form (the header is then ignored).
  std::optional<std::chrono::seconds> ParseRetryAfter(const std::string& value,
                                                      std::chrono::system_clock::time_point now,
                                                      std::chrono::seconds maximum);

  // Seconds since the Unix epoch of an HTTP-date (RFC 9110, section 5.6.7) in any of its three forms:
  // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", and the obsolete RFC 850 "Sunday, 06-Nov-94 08:49:37
  // GMT" and asctime "Sun Nov  6 08:49:37 1994" that recipients must accept. A two-digit year is the
  // latest one with those digits not more than 50 years after `now`. Nothing when it is not a date.
  std::optional<std::int64_t> ParseHttpDate(const std::string& text, std::chrono::system_clock::time_point now);
}
