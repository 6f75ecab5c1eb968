#pragma once

#include <memory>
#include <optional>
#include <string>

// Thin wrappers over OpenSSL (the only source of cryptography in the project).
namespace Ratatoskr::Core::Crypto
{
  // HMAC-SHA-256 with a key set up once (OpenSSL EVP_MAC); each Compute() works on a copy of the
  // keyed context, so one object serves concurrent callers.
  class HmacSha256Key
  {
  public:
    explicit HmacSha256Key(const std::string& key);
    ~HmacSha256Key();
    HmacSha256Key(const HmacSha256Key&) = delete;
    HmacSha256Key& operator=(const HmacSha256Key&) = delete;

    std::string Compute(const std::string& message) const;   // 32 raw bytes

    // A private copy of the keyed context for a series of computations by one caller (cheaper than
    // Compute(), which copies the context each time). Not for concurrent use.
    class Session
    {
    public:
      explicit Session(const HmacSha256Key& key);
      ~Session();
      Session(const Session&) = delete;
      Session& operator=(const Session&) = delete;
      std::string Compute(const std::string& message);

    private:
      struct Context;
      std::unique_ptr<Context> context_;
    };

  private:
    struct State;
    std::unique_ptr<State> state_;
  };

  std::string Sha256(const std::string& data);                                   // 32 raw bytes
  std::string ToHex(const std::string& bytes);                                   // lower case
  // The first 16 bytes read as a big-endian unsigned 128-bit integer, in decimal (the digits of a 2.25 UID).
  std::string ToDecimal128(const std::string& bytes16);

  // Standard base64 (RFC 4648 section 4: "+/" alphabet, "=" padding), as Standard Webhooks uses.
  std::string Base64Encode(const std::string& bytes);

  // Strict decoding: the standard alphabet only (no whitespace, no URL-safe "-_"), padding optional but
  // correct when present, no stray bits in the last character. Nothing when the text is not base64.
  std::optional<std::string> Base64Decode(const std::string& text);
}
