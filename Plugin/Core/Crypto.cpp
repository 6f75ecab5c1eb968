#include "Core/Crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace Ratatoskr::Core::Crypto
{
  std::string HmacSha256(const std::string& key, const std::string& message)
  {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &length) == nullptr)
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
}
