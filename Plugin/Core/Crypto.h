#pragma once

#include <string>

// Thin wrappers over OpenSSL (the only source of cryptography in the project).
namespace Ratatoskr::Core::Crypto
{
  std::string HmacSha256(const std::string& key, const std::string& message);  // 32 raw bytes
  std::string Sha256(const std::string& data);                                   // 32 raw bytes
  std::string ToHex(const std::string& bytes);                                   // lower case
}
