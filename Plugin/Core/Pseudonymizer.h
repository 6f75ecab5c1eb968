#pragma once

#include "Core/Crypto.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

// Deterministic keyed pseudonyms: HMAC-SHA-256(secret, kind + "\0" + value). The same input gives the
// same output in every file, job and restart; another secret gives other outputs. Thread-safe: every
// method is const and the object holds no mutable state.
namespace Ratatoskr::Core
{

  enum class PseudonymFormat
  {
    Digits,        // 0-9
    Hex,           // 0-9A-F
    Alphanumeric   // 0-9A-Z (upper case, valid in CS/LO/SH/PN)
  };

  // "Digits" / "Hex" / "Alphanumeric"; ParsePseudonymFormat returns false on an unknown name.
  const char* ToString(PseudonymFormat format);
  bool ParsePseudonymFormat(const std::string& name, PseudonymFormat& format);

  class Pseudonymizer
  {
  public:
    // Throws std::invalid_argument if the secret is empty or the root is not a valid UID root.
    explicit Pseudonymizer(const std::string& secret, const std::string& uidRoot = "2.25");

    // A root new UIDs can go under: UidRootRule says what that is (at most 40 characters). The plugin's
    // configuration and the CLI check it.
    static bool IsValidUidRoot(const std::string& root);
    static const char* const UidRootRule;

    // Short public identifier of the key: first 8 hex digits of SHA-256(HMAC(secret, "key-id")).
    const std::string& KeyId() const { return keyId_; }

    const std::string& UidRoot() const { return uidRoot_; }

    // Valid UID (digits and dots, <= 64 characters) under the root: root + "." + decimal of the first
    // 128 bits of the HMAC, cut to 64 characters (only under a root longer than 24: at least 23 digits). Trailing padding (NUL, space) of the input is
    // ignored. Well-known UIDs (under 1.2.840.10008.) and empty input are returned unchanged.
    std::string MapUid(const std::string& originalUid) const;

    // `length` characters in the given format, derived from HMAC(kind + "\0" + value) (extended by
    // counter blocks when longer than one HMAC). Throws std::invalid_argument if length is 0 or > 64.
    std::string Pseudonym(const std::string& kind, const std::string& value, size_t length,
                          PseudonymFormat format) const;

    // Day offset in [minDays, maxDays], the same for the same patient key. Throws
    // std::invalid_argument if minDays > maxDays.
    int DateShiftDays(const std::string& patientKey, int minDays, int maxDays) const;

    // Hex of HMAC(kind + "\0" + value), `hexDigits` long (<= 64): a keyed, non-reversible digest
    // used e.g. for the report's originalStudyUidHash.
    std::string KeyedDigest(const std::string& kind, const std::string& value, size_t hexDigits) const;

    static bool IsWellKnownUid(std::string_view uid);

    // The same functions for a series of calls by one thread (e.g. one instance): faster, since the
    // keyed HMAC context is copied once. Results are identical to the Pseudonymizer's.
    class Session
    {
    public:
      explicit Session(const Pseudonymizer& pseudonymizer);
      ~Session();
      Session(const Session&) = delete;
      Session& operator=(const Session&) = delete;

      std::string MapUid(const std::string& originalUid);
      std::string Pseudonym(const std::string& kind, const std::string& value, size_t length, PseudonymFormat format);
      int DateShiftDays(const std::string& patientKey, int minDays, int maxDays);
      std::string KeyedDigest(const std::string& kind, const std::string& value, size_t hexDigits);

    private:
      std::string Mac(const std::string& kind, const std::string& value);

      const Pseudonymizer& pseudonymizer_;
      std::unique_ptr<Crypto::HmacSha256Key::Session> hmac_;
    };

  private:

    std::shared_ptr<const Crypto::HmacSha256Key> key_;   // immutable, shared by copies
    std::string uidRoot_;
    std::string keyId_;
  };
}
