#pragma once

#include "Core/AttributeRuleSet.h"
#include "Core/ConfidentialityTable.h"

#include <string>

namespace Ratatoskr::Core
{
  // Parses a rule's "Attribute": "PatientName", "0010,0010", "(0010,0010)",
  // "RequestAttributesSequence.AccessionNumber" (anchored at the top level) or "*.InstitutionName"
  // (any depth). Keywords come from DCMTK's dictionary, then from Table E.1-1. `leafVr` receives the
  // VR of the last component when known ("" otherwise). Throws std::invalid_argument with the reason.
  AttributePath ParseAttributePath(const std::string& text, const ConfidentialityTable& table, std::string& leafVr);
}
