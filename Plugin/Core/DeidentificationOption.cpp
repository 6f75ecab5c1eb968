#include "Core/DeidentificationOption.h"

#include <stdexcept>

namespace Ratatoskr::Core
{
  const std::vector<DeidentificationOptionInfo>& AllDeidentificationOptions()
  {
    static const std::vector<DeidentificationOptionInfo> options = {
      {DeidentificationOption::RetainSafePrivate, "RetainSafePrivate", "retainSafePrivate", "113111",
       "Retain Safe Private Option"},
      {DeidentificationOption::RetainUIDs, "RetainUIDs", "retainUIDs", "113110", "Retain UIDs Option"},
      {DeidentificationOption::RetainDeviceIdentity, "RetainDeviceIdentity", "retainDeviceIdentity", "113109",
       "Retain Device Identity Option"},
      {DeidentificationOption::RetainInstitutionIdentity, "RetainInstitutionIdentity", "retainInstitutionIdentity",
       "113112", "Retain Institution Identity Option"},
      {DeidentificationOption::RetainPatientCharacteristics, "RetainPatientCharacteristics",
       "retainPatientCharacteristics", "113108", "Retain Patient Characteristics Option"},
      {DeidentificationOption::RetainLongitudinalFullDates, "RetainLongitudinalFullDates",
       "retainLongitudinalFullDates", "113106", "Retain Longitudinal Temporal Information Full Dates Option"},
      {DeidentificationOption::RetainLongitudinalModifiedDates, "RetainLongitudinalModifiedDates",
       "retainLongitudinalModifiedDates", "113107",
       "Retain Longitudinal Temporal Information Modified Dates Option"},
      {DeidentificationOption::CleanDescriptors, "CleanDescriptors", "cleanDescriptors", "113105",
       "Clean Descriptors Option"},
      {DeidentificationOption::CleanStructuredContent, "CleanStructuredContent", "cleanStructuredContent", "113104",
       "Clean Structured Content Option"},
      {DeidentificationOption::CleanGraphics, "CleanGraphics", "cleanGraphics", "113103", "Clean Graphics Option"},
    };
    return options;
  }

  const DeidentificationOptionInfo& Describe(DeidentificationOption option)
  {
    for (const DeidentificationOptionInfo& info : AllDeidentificationOptions())
    {
      if (info.option == option)
      {
        return info;
      }
    }
    throw std::logic_error("unknown de-identification option");
  }

  bool ParseDeidentificationOption(const std::string& name, DeidentificationOption& option)
  {
    for (const DeidentificationOptionInfo& info : AllDeidentificationOptions())
    {
      if (name == info.name)
      {
        option = info.option;
        return true;
      }
    }
    return false;
  }
}
