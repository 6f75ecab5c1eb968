#pragma once

#include <cstdint>
#include <string>

// Keyword <-> tag lookups in DCMTK's data dictionary (thread-safe: DCMTK's read lock).
namespace Ratatoskr::Core::TagDictionary
{
  // True if DCMTK knows the keyword (e.g. "PatientName"); vr receives its VR name ("PN", "SQ"...).
  bool FindKeyword(const std::string& keyword, uint32_t& tag, std::string& vr);

  // Loads DCMTK's dictionary and the keyword index now rather than on first use: a program can run
  // this on a thread while it does other start-up work (both are built once, under DCMTK's lock).
  void Preload();

  // VR name of a public tag ("" if unknown or ambiguous).
  std::string VrOf(uint32_t tag);

  // Keyword of a tag, or "" if DCMTK does not know it (private and unknown tags).
  std::string KeywordOf(uint32_t tag);

  // "(0010,0010)"-style text and "0010,0010"-style parsing (also accepts "(0010,0010)" and "00100010").
  std::string FormatTag(uint32_t tag);
  bool ParseTag(const std::string& text, uint32_t& tag);

  // Keyword if known, else "(gggg,eeee)".
  std::string DisplayName(uint32_t tag);
}
