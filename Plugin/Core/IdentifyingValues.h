#pragma once

#include <dcmtk/dcmdata/dcvr.h>

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

// The original identifying values of one instance, as "tokens": person name components, IDs and other
// text values, dates (also in common display forms), times and UIDs taken from every attribute the
// profile removes or changes. Tokens that the engine itself wrote are dropped, and so are tokens that
// also occur in attributes the profile keeps, except the patient's identity (person names, the Patient
// module, the accession number): a patient ID copied into a kept attribute is a leak. The tokens then serve twice: Clean blanks them out of free text,
// and the leak check looks for them in the output.
//
// Matching: text tokens are found case-insensitively at word boundaries (no letter or digit on either
// side); date tokens when no digit precedes them; UID and time tokens when no digit or '.' is on
// either side. Tokens shorter than 3 characters are ignored.
namespace Ratatoskr::Core
{
  class IdentifyingValues
  {
  public:
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

    struct Token
    {
      std::string text;   // lower case for Kind::Text
      Kind kind;
    };

    static void Tokenize(DcmEVR vr, const std::string& value, bool opaque, std::vector<Token>& tokens);
    static bool LooksLikeText(const std::string& bytes);
    bool FindNext(const std::string& lowered, const Token& token, size_t from, size_t& at) const;

    std::unordered_map<std::string, Kind> originals_;
    std::set<std::string> patientIdentity_;   // tokens that only values the engine wrote can excuse
    std::set<std::string> kept_;
    std::set<std::string> keptCoded_;
    std::set<std::string> produced_;
    std::vector<Token> tokens_;
  };
}
