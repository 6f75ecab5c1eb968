#pragma once

#include <dcmtk/dcmdata/dcvr.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// The original identifying values of one instance, as "tokens": person name components, IDs and other
// text values, dates (also in common display forms), times and UIDs taken from every attribute the
// profile removes or changes. Tokens that the engine itself wrote are dropped, and so are tokens that
// also occur in attributes the profile keeps, except the patient's identity (person names, the Patient
// module, the accession number): a patient ID copied into a kept attribute is a leak. The tokens then serve twice: Clean blanks them out of free text,
// and the leak check looks for them in the output.
// The leak check also skips the places where the engine wrote a whole value itself, e.g. a date shifted
// onto another original date (WrittenElements): that value is no survivor, the token stays for the rest.
//
// Matching: text tokens are found case-insensitively at word boundaries (no letter or digit on either
// side); date tokens when no digit precedes them; UID and time tokens when no digit or '.' is on
// either side. Tokens shorter than 3 characters are ignored.
namespace Ratatoskr::Core
{
  class IdentifyingValues
  {
  public:
    IdentifyingValues();

    // A value leaving the dataset (removed, emptied, replaced, remapped, shifted...). `opaque`: the
    // value of a private attribute, whose purely numeric parts are not taken as identifying.
    // `patientIdentity`: the value identifies the patient directly; kept attributes never excuse it.
    void AddOriginal(DcmEVR vr, const std::string& value, bool opaque = false, bool patientIdentity = false);
    // Raw bytes of a removed bulk element (private UN/OB): used if they look like text.
    void AddOriginalBytes(const std::string& bytes);
    // A value the profile keeps as it is. `coded`: a coded value (CS, Code Sequence Macro), which may
    // excuse any token; other kept values do not excuse the patient's identity.
    void AddKept(DcmEVR vr, const std::string& value, bool coded);
    // A value the engine wrote (dummy, replacement, pseudonym, new UID).
    void AddProduced(const std::string& value);

    // Computes the final token list; call once, after the whole instance was collected.
    void Finalize();

    size_t Count() const { return tokens_.size(); }
    bool Contains(const std::string& value) const;
    // Replaces every token occurrence by '*' characters; returns true if the value changed.
    bool Clean(std::string& value) const;

  private:
    enum class Kind
    {
      Text,
      Date,
      Uid,   // also times
    };

    // The bytes a text contains: a token can only occur in a value holding all of its bytes, which
    // rules out most tokens for a value with a few bit operations before any search.
    using ByteSet = std::array<uint64_t, 4>;

    struct Token
    {
      std::string text;   // lower case for Kind::Text
      Kind kind;
      ByteSet bytes{};    // filled by Finalize
    };

    struct Original
    {
      Token token;
      bool patientIdentity;
    };

    void Tokenize(DcmEVR vr, std::string_view value, bool opaque, std::vector<Token>& tokens) const;
    void AddToken(std::string_view text, Kind kind, bool opaque, std::vector<Token>& tokens) const;
    std::string Lower(std::string_view text) const;
    static bool LooksLikeText(const std::string& bytes);
    bool FindNext(const std::string& haystack, const Token& token, size_t from, size_t& at) const;

    // Collected as plain lists (no tree or hash node per token); Finalize sorts the originals once
    // and looks the others up in them.
    std::vector<Original> originals_;   // in order: the first kind seen for a text counts
    std::vector<std::string> kept_;
    std::vector<std::string> keptCoded_;
    std::vector<std::string> produced_;
    std::vector<Token> tokens_;
    std::vector<Token> scratch_;                 // Tokenize's output, reused
    std::array<char, 256> lower_;                // std::tolower of every byte, once per instance
  };
}
