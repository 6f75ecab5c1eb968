#include "Core/Pseudonymizer.h"

#include "Core/Crypto.h"

#include <cstdint>
#include <stdexcept>

namespace Ratatoskr::Core
{
  namespace
  {
    const size_t MaxUidLength = 64;
    // Organization roots run to 30-odd characters. Up to 24 the 128-bit suffix (at most 39 decimal digits)
    // fits whole; a longer root leaves at least 64 - 40 - 1 = 23 digits, 76 bits.
    const size_t MaxRootLength = 40;
    const size_t MaxPseudonymLength = 64;

    std::string TrimUid(const std::string& uid)
    {
      size_t end = uid.size();
      while (end > 0 && (uid[end - 1] == '\0' || uid[end - 1] == ' '))
      {
        --end;
      }
      size_t begin = 0;
      while (begin < end && uid[begin] == ' ')
      {
        ++begin;
      }
      return uid.substr(begin, end - begin);
    }

    bool IsValidRoot(const std::string& root)
    {
      if (root.empty() || root.size() > MaxRootLength)
      {
        return false;
      }
      size_t componentStart = 0;
      for (size_t i = 0; i <= root.size(); ++i)
      {
        if (i == root.size() || root[i] == '.')
        {
          size_t length = i - componentStart;
          if (length == 0 || (length > 1 && root[componentStart] == '0'))
          {
            return false;
          }
          componentStart = i + 1;
        }
        else if (root[i] < '0' || root[i] > '9')
        {
          return false;
        }
      }
      return true;
    }

    const char* Alphabet(PseudonymFormat format)
    {
      switch (format)
      {
        case PseudonymFormat::Digits:
          return "0123456789";
        case PseudonymFormat::Hex:
          return "0123456789ABCDEF";
        case PseudonymFormat::Alphanumeric:
        default:
          return "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
      }
    }
  }

  const char* ToString(PseudonymFormat format)
  {
    switch (format)
    {
      case PseudonymFormat::Digits:
        return "Digits";
      case PseudonymFormat::Hex:
        return "Hex";
      case PseudonymFormat::Alphanumeric:
      default:
        return "Alphanumeric";
    }
  }

  bool ParsePseudonymFormat(const std::string& name, PseudonymFormat& format)
  {
    for (PseudonymFormat candidate : {PseudonymFormat::Digits, PseudonymFormat::Hex, PseudonymFormat::Alphanumeric})
    {
      if (name == ToString(candidate))
      {
        format = candidate;
        return true;
      }
    }
    return false;
  }

  Pseudonymizer::Pseudonymizer(const std::string& secret, const std::string& uidRoot) :
    uidRoot_(uidRoot)
  {
    if (secret.empty())
    {
      throw std::invalid_argument("Pseudonymizer: the secret must not be empty");
    }
    if (!IsValidUidRoot(uidRoot))
    {
      throw std::invalid_argument("Pseudonymizer: invalid UID root (" + std::string(UidRootRule) + ")");
    }
    key_ = std::make_shared<const Crypto::HmacSha256Key>(secret);
    keyId_ = Crypto::ToHex(Crypto::Sha256(key_->Compute("key-id"))).substr(0, 8);
  }

  const char* const Pseudonymizer::UidRootRule =
    "digits and dots, no empty component, no leading zero, at most 40 characters";

  bool Pseudonymizer::IsValidUidRoot(const std::string& root)
  {
    return IsValidRoot(root);
  }

  bool Pseudonymizer::IsWellKnownUid(std::string_view uid)
  {
    const std::string_view dicomRoot = "1.2.840.10008.";
    return uid.compare(0, dicomRoot.size(), dicomRoot) == 0;
  }

  std::string Pseudonymizer::MapUid(const std::string& originalUid) const
  {
    return Session(*this).MapUid(originalUid);
  }

  std::string Pseudonymizer::Pseudonym(const std::string& kind, const std::string& value, size_t length,
                                       PseudonymFormat format) const
  {
    return Session(*this).Pseudonym(kind, value, length, format);
  }

  int Pseudonymizer::DateShiftDays(const std::string& patientKey, int minDays, int maxDays) const
  {
    return Session(*this).DateShiftDays(patientKey, minDays, maxDays);
  }

  std::string Pseudonymizer::KeyedDigest(const std::string& kind, const std::string& value, size_t hexDigits) const
  {
    return Session(*this).KeyedDigest(kind, value, hexDigits);
  }

  Pseudonymizer::Session::Session(const Pseudonymizer& pseudonymizer) :
    pseudonymizer_(pseudonymizer),
    hmac_(std::make_unique<Crypto::HmacSha256Key::Session>(*pseudonymizer.key_))
  {
  }

  Pseudonymizer::Session::~Session() = default;

  std::string Pseudonymizer::Session::Mac(const std::string& kind, const std::string& value)
  {
    std::string message = kind;
    message.push_back('\0');
    message += value;
    return hmac_->Compute(message);
  }

  std::string Pseudonymizer::Session::MapUid(const std::string& originalUid)
  {
    const std::string& root = pseudonymizer_.uidRoot_;
    const std::string uid = TrimUid(originalUid);
    if (uid.empty() || IsWellKnownUid(uid))
    {
      return uid;
    }
    std::string suffix = Crypto::ToDecimal128(Mac("uid", uid).substr(0, 16));
    const size_t room = MaxUidLength - root.size() - 1;
    if (suffix.size() > room)
    {
      suffix.resize(room);
    }
    return root + "." + suffix;
  }

  std::string Pseudonymizer::Session::Pseudonym(const std::string& kind, const std::string& value, size_t length,
                                                PseudonymFormat format)
  {
    if (length == 0 || length > MaxPseudonymLength)
    {
      throw std::invalid_argument("Pseudonymizer: pseudonym length must be 1..64");
    }
    const std::string alphabet = Alphabet(format);
    const unsigned int size = static_cast<unsigned int>(alphabet.size());
    const unsigned int limit = 256 - (256 % size);   // rejection sampling: no modulo bias

    std::string result;
    std::string block = Mac(kind, value);
    size_t position = 0;
    unsigned int counter = 0;
    while (result.size() < length)
    {
      if (position == block.size())
      {
        block = Mac(kind, value + std::string(1, '\0') + std::to_string(++counter));
        position = 0;
      }
      unsigned int byte = static_cast<unsigned char>(block[position++]);
      if (byte < limit)
      {
        result.push_back(alphabet[byte % size]);
      }
    }
    return result;
  }

  int Pseudonymizer::Session::DateShiftDays(const std::string& patientKey, int minDays, int maxDays)
  {
    if (minDays > maxDays)
    {
      throw std::invalid_argument("Pseudonymizer: date shift range is empty (MinDays > MaxDays)");
    }
    const std::string mac = Mac("date-shift", patientKey);
    uint64_t value = 0;
    for (size_t i = 0; i < 8; ++i)
    {
      value = (value << 8) | static_cast<unsigned char>(mac[i]);
    }
    const uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(maxDays) - minDays) + 1;
    return static_cast<int>(static_cast<int64_t>(minDays) + static_cast<int64_t>(value % span));
  }

  std::string Pseudonymizer::Session::KeyedDigest(const std::string& kind, const std::string& value, size_t hexDigits)
  {
    return Crypto::ToHex(Mac(kind, value)).substr(0, hexDigits);
  }
}
