#pragma once

#include "Core/ResolvedProfile.h"

#include <string>

class DcmDataset;

// Writes the PS3.15 de-identification attributes of an anonymized instance:
// PatientIdentityRemoved = YES, DeidentificationMethod = "Ratatoskr <profile> v<version> #<hash> key
// <KeyId>", DeidentificationMethodCodeSequence with the CID 7050 codes of what was applied, and
// LongitudinalTemporalInformationModified (REMOVED, UNMODIFIED or MODIFIED).
namespace Ratatoskr::Core::DeidentificationMarker
{
  // The DeidentificationMethod text (at most 64 characters, the LO limit).
  std::string MethodText(const ResolvedProfile& profile, const std::string& keyId);

  // pixelsCleaned: a pixel mask was applied (adds 113101 and sets BurnedInAnnotation to NO).
  void Mark(DcmDataset& dataset, const ResolvedProfile& profile, const std::string& keyId, bool pixelsCleaned);

  // Whether a DeidentificationMethod text is one MethodText() wrote (an instance Ratatoskr produced).
  bool IsRatatoskrMethod(const std::string& methodText);

  // The tags Mark() writes (so that the engine's own output is not mistaken for a leak).
  bool IsMarkerTag(unsigned int group, unsigned int element);
}
