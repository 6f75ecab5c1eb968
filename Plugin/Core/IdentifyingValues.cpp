#include "Core/IdentifyingValues.h"

#include "Core/DicomValues.h"
#include "Core/Pseudonymizer.h"

#include <algorithm>
#include <cctype>

namespace Ratatoskr::Core
{
  namespace
  {
    const size_t MinTokenLength = 3;
    const size_t MaxBulkTextLength = 4096;

    std::string Lower(const std::string& text)
    {
      std::string lowered = text;
      for (char& c : lowered)
      {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      return lowered;
    }

    bool IsWordChar(char c)
    {
      const unsigned char u = static_cast<unsigned char>(c);
      return std::isalnum(u) || u >= 0x80 || c == '_';
    }

    bool IsDigit(char c)
    {
      return std::isdigit(static_cast<unsigned char>(c)) != 0;
    }

    bool IsUidChar(char c)
    {
      return IsDigit(c) || c == '.';
    }
  }

  bool IdentifyingValues::LooksLikeText(const std::string& bytes)
  {
    if (bytes.size() < MinTokenLength || bytes.size() > MaxBulkTextLength)
    {
      return false;
    }
    for (char c : bytes)
    {
      const unsigned char u = static_cast<unsigned char>(c);
      if (u != 0 && (u < 0x20 || u == 0x7f))
      {
        return false;
      }
    }
    return true;
  }

  void IdentifyingValues::Tokenize(DcmEVR vr, const std::string& value, bool opaque, std::vector<Token>& tokens)
  {
    const auto add = [&tokens, opaque](const std::string& text, Kind kind) {
      const std::string trimmed = DicomValues::Trim(text);
      if (opaque && trimmed.find_first_not_of("0123456789.+-eE ") == std::string::npos)
      {
        return;   // numbers in opaque private values: measurements, not identifiers
      }
      if (trimmed.size() >= MinTokenLength)
      {
        tokens.push_back(Token{kind == Kind::Text ? Lower(trimmed) : trimmed, kind});
      }
    };
    for (const std::string& raw : DicomValues::SplitValues(value))
    {
      const std::string one = DicomValues::Trim(raw);
      if (one.empty())
      {
        continue;
      }
      switch (vr)
      {
        case EVR_UI:
          if (!Pseudonymizer::IsWellKnownUid(one))
          {
            add(one, Kind::Uid);
          }
          break;
        case EVR_DA:
        case EVR_DT:
        {
          std::string digits;
          for (char c : one)
          {
            if (IsDigit(c)) digits.push_back(c);
            else if (c != '.' || vr == EVR_DT) break;
          }
          if (digits.size() >= 8)
          {
            const std::string y = digits.substr(0, 4), m = digits.substr(4, 2), d = digits.substr(6, 2);
            add(y + m + d, Kind::Date);
            add(y + "-" + m + "-" + d, Kind::Date);
            add(y + "/" + m + "/" + d, Kind::Date);
            add(d + "." + m + "." + y, Kind::Date);
            add(d + "/" + m + "/" + y, Kind::Date);
            add(m + "/" + d + "/" + y, Kind::Date);
          }
          break;
        }
        case EVR_TM:
          if (one.size() >= 6)
          {
            add(one.substr(0, 6), Kind::Uid);
          }
          break;
        case EVR_PN:
        {
          std::string component;
          for (char c : one + "^")
          {
            if (c == '^' || c == '=')
            {
              add(component, Kind::Text);
              component.clear();
            }
            else
            {
              component.push_back(c);
            }
          }
          break;
        }
        case EVR_CS:
        case EVR_DS:
        case EVR_IS:
          break;   // coded values and numbers: not identifying on their own
        default:
          if (DicomValues::IsStringVr(vr) || vr == EVR_UN || vr == EVR_OB)
          {
            add(one, Kind::Text);
          }
          break;
      }
    }
  }

  void IdentifyingValues::AddOriginal(DcmEVR vr, const std::string& value, bool opaque, bool patientIdentity)
  {
    std::vector<Token> tokens;
    Tokenize(vr, value, opaque, tokens);
    for (const Token& token : tokens)
    {
      originals_.emplace(token.text, token.kind);
      if (patientIdentity)
      {
        patientIdentity_.insert(token.text);
      }
    }
  }

  void IdentifyingValues::AddOriginalBytes(const std::string& bytes)
  {
    if (LooksLikeText(bytes))
    {
      AddOriginal(EVR_UN, bytes, true);
    }
  }

  void IdentifyingValues::AddKept(DcmEVR vr, const std::string& value, bool coded)
  {
    std::vector<Token> tokens;
    Tokenize(vr == EVR_CS || vr == EVR_DS || vr == EVR_IS ? EVR_LO : vr, value, false, tokens);
    for (const Token& token : tokens)
    {
      (coded ? keptCoded_ : kept_).insert(token.text);
    }
  }

  void IdentifyingValues::AddProduced(const std::string& value)
  {
    for (const std::string& one : DicomValues::SplitValues(value))
    {
      const std::string trimmed = DicomValues::Trim(one);
      produced_.insert(trimmed);
      produced_.insert(Lower(trimmed));
    }
  }

  void IdentifyingValues::Finalize()
  {
    tokens_.clear();
    for (const auto& [text, kind] : originals_)
    {
      const bool excused = produced_.count(text) != 0 || keptCoded_.count(text) != 0 ||
                           (kept_.count(text) != 0 && patientIdentity_.count(text) == 0);
      if (!excused)
      {
        tokens_.push_back(Token{text, kind});
      }
    }
    // Longest first, so that cleaning "JOHNSON" is not left as "****SON".
    std::sort(tokens_.begin(), tokens_.end(), [](const Token& a, const Token& b) {
      return a.text.size() != b.text.size() ? a.text.size() > b.text.size() : a.text < b.text;
    });
  }

  bool IdentifyingValues::FindNext(const std::string& haystack, const Token& token, size_t from, size_t& at) const
  {
    for (size_t position = haystack.find(token.text, from); position != std::string::npos;
         position = haystack.find(token.text, position + 1))
    {
      const size_t end = position + token.text.size();
      const char before = position > 0 ? haystack[position - 1] : ' ';
      const char after = end < haystack.size() ? haystack[end] : ' ';
      bool bounded = false;
      switch (token.kind)
      {
        case Kind::Text:
          bounded = !IsWordChar(before) && !IsWordChar(after);
          break;
        case Kind::Date:
          bounded = !IsDigit(before);
          break;
        case Kind::Uid:
          bounded = !IsUidChar(before) && !IsUidChar(after);
          break;
      }
      if (bounded)
      {
        at = position;
        return true;
      }
    }
    return false;
  }

  bool IdentifyingValues::Contains(const std::string& value) const
  {
    if (tokens_.empty() || value.size() < MinTokenLength)
    {
      return false;
    }
    const std::string lowered = Lower(value);
    size_t at = 0;
    for (const Token& token : tokens_)
    {
      if (token.text.size() <= value.size() &&
          FindNext(token.kind == Kind::Text ? lowered : value, token, 0, at))
      {
        return true;
      }
    }
    return false;
  }

  bool IdentifyingValues::Clean(std::string& value) const
  {
    bool changed = false;
    for (const Token& token : tokens_)
    {
      if (token.text.size() > value.size())
      {
        continue;
      }
      std::string lowered = Lower(value);
      size_t at = 0;
      size_t from = 0;
      while (FindNext(token.kind == Kind::Text ? lowered : value, token, from, at))
      {
        for (size_t i = 0; i < token.text.size(); ++i)
        {
          value[at + i] = '*';
          lowered[at + i] = '*';
        }
        from = at + token.text.size();
        changed = true;
      }
    }
    return changed;
  }
}
