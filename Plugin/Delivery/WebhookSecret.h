#pragma once

#include <stdexcept>
#include <string>

// The signing secret of a webhook endpoint as Standard Webhooks 1.0.0 serializes it: "whsec_" followed
// by the base64 of 24 to 64 random bytes. The HMAC key is the decoded bytes, not the text.
namespace Ratatoskr::Delivery
{
  // The text is not a usable secret. The message says why, never echoing the text or part of it.
  class WebhookSecretError : public std::invalid_argument
  {
  public:
    explicit WebhookSecretError(const std::string& reason) : std::invalid_argument(reason) {}
  };

  class WebhookSecret
  {
  public:
    static constexpr const char* Prefix = "whsec_";
    static constexpr size_t MinimumBytes = 24;   // the specification's minimum (192 bits)
    static constexpr size_t MaximumBytes = 64;   // and maximum (512 bits)

    // The prefix is required (unlike the reference libraries, which also take bare base64): the
    // secret goes verbatim to the receiver, and a bare value could be read as base64 by one side and
    // as text by the other. Base64 is strict (Core::Crypto::Base64Decode), padding optional.
    static WebhookSecret Parse(const std::string& text);

    // A new secret of `size` bytes from OpenSSL's generator (default 32).
    static WebhookSecret Generate(size_t size = 32);

    const std::string& Bytes() const { return bytes_; }   // the HMAC-SHA-256 key
    std::string Serialized() const;                       // "whsec_" + base64, to hand to the receiver

  private:
    explicit WebhookSecret(std::string bytes) : bytes_(std::move(bytes)) {}
    std::string bytes_;
  };
}
