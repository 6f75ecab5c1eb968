#pragma once

#include <string>

// The secret of an invite link: "<invite ID>.<secret>", the secret 32 bytes of OpenSSL's CSPRNG in
// base64url without padding (256 bits). Only the SHA-256 of the secret is stored; a presented token is
// checked by comparing hashes in constant time, so neither a database dump nor timing reveals a link.
namespace Ratatoskr::Intake::InviteToken
{
  struct Issued
  {
    std::string token;       // shown once, in the invite's URL
    std::string secretHash;  // stored
  };

  Issued Issue(const std::string& inviteId);

  // Splits a presented token; false when it is not of the form (bounded length, URL-safe characters).
  bool Split(const std::string& token, std::string& inviteId, std::string& secret);

  std::string HashSecret(const std::string& secret);  // lower-case hex SHA-256

  // Whether `secret` hashes to `storedHash`, in time independent of where they differ.
  bool Matches(const std::string& secret, const std::string& storedHash);
}
