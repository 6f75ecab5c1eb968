#pragma once

#include <string>
#include <vector>

// The PS3.15 Annex E options (columns of Table E.1-1) and their CID 7050 codes.
namespace Ratatoskr::Core
{
  enum class DeidentificationOption
  {
    RetainSafePrivate,
    RetainUIDs,
    RetainDeviceIdentity,
    RetainInstitutionIdentity,
    RetainPatientCharacteristics,
    RetainLongitudinalFullDates,
    RetainLongitudinalModifiedDates,
    CleanDescriptors,
    CleanStructuredContent,
    CleanGraphics
  };

  struct DeidentificationOptionInfo
  {
    DeidentificationOption option;
    const char* name;          // profile JSON name, e.g. "RetainUIDs"
    const char* tableColumn;   // key in ps3.15-e1-1.json "actions", e.g. "retainUIDs"
    const char* codeValue;     // CID 7050, scheme DCM, e.g. "113110"
    const char* codeMeaning;   // e.g. "Retain UIDs Option"
  };

  // All options, in table column order.
  const std::vector<DeidentificationOptionInfo>& AllDeidentificationOptions();

  const DeidentificationOptionInfo& Describe(DeidentificationOption option);

  // Returns false on an unknown name (names are case-sensitive, as in the profile JSON).
  bool ParseDeidentificationOption(const std::string& name, DeidentificationOption& option);
}
