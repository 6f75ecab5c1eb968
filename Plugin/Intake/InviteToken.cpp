#include "Intake/InviteToken.h"

#include "Core/Crypto.h"
#include "Core/RandomBytes.h"

#include <openssl/crypto.h>

namespace Ratatoskr::Intake::InviteToken
{
  namespace
  {
    constexpr size_t SecretBytes = 32;
    constexpr size_t MaxTokenLength = 128;

    std::string Base64Url(const std::string& bytes)
    {
      std::string text = Core::Crypto::Base64Encode(bytes);
      for (char& c : text)
      {
        c = (c == '+') ? '-' : (c == '/') ? '_' : c;
      }
      while (!text.empty() && text.back() == '=')
      {
        text.pop_back();
      }
      return text;
    }

    bool IsUrlSafe(const std::string& text)
    {
      for (unsigned char c : text)
      {
        if (!std::isalnum(c) && c != '-' && c != '_')
        {
          return false;
        }
      }
      return !text.empty();
    }
  }

  Issued Issue(const std::string& inviteId)
  {
    const std::string secret = Base64Url(Core::RandomBytes(SecretBytes));
    return Issued{inviteId + "." + secret, HashSecret(secret)};
  }

  bool Split(const std::string& token, std::string& inviteId, std::string& secret)
  {
    if (token.size() > MaxTokenLength)
    {
      return false;
    }
    const size_t dot = token.find('.');
    if (dot == std::string::npos)
    {
      return false;
    }
    inviteId = token.substr(0, dot);
    secret = token.substr(dot + 1);
    return IsUrlSafe(inviteId) && IsUrlSafe(secret);
  }

  std::string HashSecret(const std::string& secret)
  {
    return Core::Crypto::ToHex(Core::Crypto::Sha256(secret));
  }

  bool Matches(const std::string& secret, const std::string& storedHash)
  {
    const std::string presented = HashSecret(secret);
    return presented.size() == storedHash.size() &&
           CRYPTO_memcmp(presented.data(), storedHash.data(), presented.size()) == 0;
  }
}
