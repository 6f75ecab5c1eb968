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

    // Calls `action` with each value of a multi-valued text (split on '\', empty values included).
    template <typename Action>
    void ForEachValue(std::string_view value, Action action)
    {
      for (;;)
      {
        const size_t next = value.find('\\');
        action(value.substr(0, next));
        if (next == std::string_view::npos)
        {
          return;
        }
        value.remove_prefix(next + 1);
      }
    }

  }

  IdentifyingValues::IdentifyingValues()
  {
    for (size_t i = 0; i < lower_.size(); ++i)
    {
      lower_[i] = static_cast<char>(std::tolower(static_cast<int>(i)));
    }
  }

  std::string IdentifyingValues::Lower(std::string_view text) const
  {
    std::string lowered(text);
    for (char& c : lowered)
    {
      c = lower_[static_cast<unsigned char>(c)];
    }
    return lowered;
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

  void IdentifyingValues::AddToken(std::string_view text, Kind kind, bool opaque, std::vector<Token>& tokens) const
  {
    const std::string_view trimmed = DicomValues::TrimView(text);
    if (opaque && trimmed.find_first_not_of("0123456789.+-eE ") == std::string_view::npos)
    {
      return;   // numbers in opaque private values: measurements, not identifiers
    }
    if (trimmed.size() >= MinTokenLength)
    {
      tokens.push_back(Token{kind == Kind::Text ? Lower(trimmed) : std::string(trimmed), kind});
    }
  }

  void IdentifyingValues::Tokenize(DcmEVR vr, std::string_view value, bool opaque, std::vector<Token>& tokens) const
  {
    ForEachValue(value, [&](std::string_view raw) {
      const std::string_view one = DicomValues::TrimView(raw);
      if (one.empty())
      {
        return;
      }
      switch (vr)
      {
        case EVR_UI:
          if (!Pseudonymizer::IsWellKnownUid(one))
          {
            AddToken(one, Kind::Uid, opaque, tokens);
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
            AddToken(y + m + d, Kind::Date, opaque, tokens);
            AddToken(y + "-" + m + "-" + d, Kind::Date, opaque, tokens);
            AddToken(y + "/" + m + "/" + d, Kind::Date, opaque, tokens);
            AddToken(d + "." + m + "." + y, Kind::Date, opaque, tokens);
            AddToken(d + "/" + m + "/" + y, Kind::Date, opaque, tokens);
            AddToken(m + "/" + d + "/" + y, Kind::Date, opaque, tokens);
          }
          break;
        }
        case EVR_TM:
          if (one.size() >= 6)
          {
            AddToken(one.substr(0, 6), Kind::Uid, opaque, tokens);
          }
          break;
        case EVR_PN:
        {
          size_t start = 0;
          for (size_t i = 0; i <= one.size(); ++i)
          {
            if (i == one.size() || one[i] == '^' || one[i] == '=')
            {
              AddToken(one.substr(start, i - start), Kind::Text, opaque, tokens);
              start = i + 1;
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
            AddToken(one, Kind::Text, opaque, tokens);
          }
          break;
      }
    });
  }

  void IdentifyingValues::AddOriginal(DcmEVR vr, const std::string& value, bool opaque, bool patientIdentity)
  {
    scratch_.clear();
    Tokenize(vr, value, opaque, scratch_);
    for (Token& token : scratch_)
    {
      originals_.push_back(Original{std::move(token), patientIdentity});
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
    scratch_.clear();
    Tokenize(vr == EVR_CS || vr == EVR_DS || vr == EVR_IS ? EVR_LO : vr, value, false, scratch_);
    std::vector<std::string>& kept = coded ? keptCoded_ : kept_;
    for (Token& token : scratch_)
    {
      kept.push_back(std::move(token.text));
    }
  }

  void IdentifyingValues::AddProduced(const std::string& value)
  {
    ForEachValue(value, [this](std::string_view one) {
      const std::string_view trimmed = DicomValues::TrimView(one);
      produced_.emplace_back(trimmed);
      produced_.push_back(Lower(trimmed));
    });
  }

  void IdentifyingValues::Finalize()
  {
    // Each original text once, with the kind it was first seen with (stable sort), and marked as the
    // patient's identity when any of its occurrences was.
    struct Entry
    {
      const Token* token;
      bool patientIdentity;
      bool produced = false;
      bool keptCoded = false;
      bool kept = false;
    };
    std::vector<const Original*> order;
    order.reserve(originals_.size());
    for (const Original& original : originals_)
    {
      order.push_back(&original);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const Original* a, const Original* b) { return a->token.text < b->token.text; });
    std::vector<Entry> entries;
    entries.reserve(order.size());
    for (const Original* original : order)
    {
      if (!entries.empty() && entries.back().token->text == original->token.text)
      {
        entries.back().patientIdentity = entries.back().patientIdentity || original->patientIdentity;
        continue;
      }
      entries.push_back(Entry{&original->token, original->patientIdentity});
    }

    const auto mark = [&entries](const std::vector<std::string>& texts, bool Entry::*flag) {
      for (const std::string& text : texts)
      {
        const auto found = std::lower_bound(entries.begin(), entries.end(), text,
                                            [](const Entry& entry, const std::string& t) { return entry.token->text < t; });
        if (found != entries.end() && found->token->text == text)
        {
          (*found).*flag = true;
        }
      }
    };
    mark(produced_, &Entry::produced);
    mark(keptCoded_, &Entry::keptCoded);
    mark(kept_, &Entry::kept);

    tokens_.clear();
    for (const Entry& entry : entries)
    {
      const bool excused = entry.produced || entry.keptCoded || (entry.kept && !entry.patientIdentity);
      if (!excused)
      {
        Token token{entry.token->text, entry.token->kind};
        for (char c : token.text)
        {
          const unsigned char u = static_cast<unsigned char>(c);
          token.bytes[u >> 6] |= uint64_t{1} << (u & 63);
        }
        tokens_.push_back(std::move(token));
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
    ByteSet raw{};
    ByteSet lowered{};
    for (char c : value)
    {
      const unsigned char u = static_cast<unsigned char>(c);
      const unsigned char l = static_cast<unsigned char>(lower_[u]);
      raw[u >> 6] |= uint64_t{1} << (u & 63);
      lowered[l >> 6] |= uint64_t{1} << (l & 63);
    }
    std::string loweredValue;   // made when a text token first needs it
    size_t at = 0;
    for (const Token& token : tokens_)
    {
      if (token.text.size() > value.size())
      {
        continue;
      }
      const bool text = token.kind == Kind::Text;
      const ByteSet& present = text ? lowered : raw;
      if ((token.bytes[0] & ~present[0]) != 0 || (token.bytes[1] & ~present[1]) != 0 ||
          (token.bytes[2] & ~present[2]) != 0 || (token.bytes[3] & ~present[3]) != 0)
      {
        continue;   // a byte of the token is missing from the value: it cannot occur there
      }
      if (text && loweredValue.empty())
      {
        loweredValue = Lower(value);
      }
      if (FindNext(text ? loweredValue : value, token, 0, at))
      {
        return true;
      }
    }
    return false;
  }

  bool IdentifyingValues::Clean(std::string& value) const
  {
    bool changed = false;
    std::string lowered = Lower(value);   // kept in step: '*' is its own lower case
    for (const Token& token : tokens_)
    {
      if (token.text.size() > value.size())
      {
        continue;
      }
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
