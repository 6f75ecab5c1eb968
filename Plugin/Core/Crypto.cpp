#include "Core/Crypto.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/sha.h>

#include <stdexcept>
#include <vector>

namespace Ratatoskr::Core::Crypto
{
  struct HmacSha256Key::State
  {
    std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> mac{nullptr, &EVP_MAC_free};
    std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> keyed{nullptr, &EVP_MAC_CTX_free};
  };

  HmacSha256Key::HmacSha256Key(const std::string& key) :
    state_(std::make_unique<State>())
  {
    state_->mac.reset(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr));
    if (!state_->mac)
    {
      throw std::runtime_error("HMAC is not available in OpenSSL");
    }
    state_->keyed.reset(EVP_MAC_CTX_new(state_->mac.get()));
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (!state_->keyed ||
        EVP_MAC_init(state_->keyed.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1)
    {
      throw std::runtime_error("HMAC-SHA-256 setup failed");
    }
  }

  HmacSha256Key::~HmacSha256Key() = default;

  struct HmacSha256Key::Session::Context
  {
    std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> mac{nullptr, &EVP_MAC_CTX_free};
  };

  HmacSha256Key::Session::Session(const HmacSha256Key& key) :
    context_(std::make_unique<Context>())
  {
    context_->mac.reset(EVP_MAC_CTX_dup(key.state_->keyed.get()));
    if (!context_->mac)
    {
      throw std::runtime_error("HMAC-SHA-256 setup failed");
    }
  }

  HmacSha256Key::Session::~Session() = default;

  std::string HmacSha256Key::Session::Compute(const std::string& message)
  {
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t length = 0;
    // A NULL key re-initializes with the key already set (OpenSSL 3 EVP_MAC_init).
    if (EVP_MAC_init(context_->mac.get(), nullptr, 0, nullptr) != 1 ||
        EVP_MAC_update(context_->mac.get(), reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
        EVP_MAC_final(context_->mac.get(), out, &length, sizeof(out)) != 1)
    {
      throw std::runtime_error("HMAC-SHA-256 failed");
    }
    return std::string(reinterpret_cast<const char*>(out), length);
  }

  std::string HmacSha256Key::Compute(const std::string& message) const
  {
    std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> context(EVP_MAC_CTX_dup(state_->keyed.get()),
                                                                       &EVP_MAC_CTX_free);
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t length = 0;
    if (!context ||
        EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
        EVP_MAC_final(context.get(), out, &length, sizeof(out)) != 1)
    {
      throw std::runtime_error("HMAC-SHA-256 failed");
    }
    return std::string(reinterpret_cast<const char*>(out), length);
  }

  std::string Sha256(const std::string& data)
  {
    unsigned char out[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
    return std::string(reinterpret_cast<const char*>(out), sizeof(out));
  }

  std::string ToDecimal128(const std::string& bytes16)
  {
    unsigned __int128 value = 0;  // GCC/Clang (also emscripten's)
    for (size_t i = 0; i < 16; ++i)
    {
      value = (value << 8) | static_cast<unsigned char>(bytes16[i]);
    }
    char digits[40];
    size_t position = sizeof(digits);
    do
    {
      digits[--position] = static_cast<char>('0' + static_cast<unsigned int>(value % 10));
      value /= 10;
    } while (value != 0);
    return std::string(digits + position, sizeof(digits) - position);
  }

  std::string ToHex(const std::string& bytes)
  {
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (unsigned char c : bytes)
    {
      hex.push_back(digits[c >> 4]);
      hex.push_back(digits[c & 0x0f]);
    }
    return hex;
  }

  std::string Base64Encode(const std::string& bytes)
  {
    std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
    const int length = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                                       static_cast<int>(bytes.size()));
    return std::string(reinterpret_cast<const char*>(out.data()), static_cast<size_t>(length));
  }

  namespace
  {
    int Base64Value(char c)
    {
      if (c >= 'A' && c <= 'Z') return c - 'A';
      if (c >= 'a' && c <= 'z') return c - 'a' + 26;
      if (c >= '0' && c <= '9') return c - '0' + 52;
      if (c == '+') return 62;
      if (c == '/') return 63;
      return -1;
    }
  }

  std::optional<std::string> Base64Decode(const std::string& text)
  {
    // Checked here, decoded by OpenSSL: EVP_DecodeBlock itself skips blanks, needs the padding and
    // returns the padding as zero bytes.
    size_t data = text.size();
    while (data > 0 && text[data - 1] == '=' && text.size() - data < 2)
    {
      data--;
    }
    const size_t padding = text.size() - data;
    if (data % 4 == 1 || (padding > 0 && (data + padding) % 4 != 0))
    {
      return std::nullopt;
    }
    for (size_t i = 0; i < data; i++)
    {
      if (Base64Value(text[i]) < 0)
      {
        return std::nullopt;
      }
    }
    const size_t tail = data % 4;   // 2 or 3 characters of a last, short group: its unused bits must be 0
    if ((tail == 2 && (Base64Value(text[data - 1]) & 0x0f) != 0) ||
        (tail == 3 && (Base64Value(text[data - 1]) & 0x03) != 0))
    {
      return std::nullopt;
    }
    std::string padded = text.substr(0, data) + std::string(tail == 0 ? 0 : 4 - tail, '=');
    std::vector<unsigned char> out(3 * (padded.size() / 4) + 1);
    const int length = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(padded.data()),
                                       static_cast<int>(padded.size()));
    if (length < 0)
    {
      return std::nullopt;
    }
    const size_t missing = tail == 0 ? 0 : 3 - (tail - 1);   // zero bytes EVP_DecodeBlock adds for the padding
    return std::string(reinterpret_cast<const char*>(out.data()), static_cast<size_t>(length) - missing);
  }
}
