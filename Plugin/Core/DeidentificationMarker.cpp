#include "Core/DeidentificationMarker.h"

#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <utility>
#include <vector>

namespace Ratatoskr::Core::DeidentificationMarker
{
  namespace
  {
    const size_t MaxLo = 64;

    void Check(const OFCondition& condition, const char* what)
    {
      if (condition.bad())
      {
        throw AnonymizationError(std::string("cannot write ") + what + ": " + condition.text());
      }
    }
  }

  std::string MethodText(const ResolvedProfile& profile, const std::string& keyId)
  {
    std::string text = "Ratatoskr " + profile.Name() + " v" + profile.Version() + " #" + profile.Hash() +
                       " key " + keyId;
    if (text.size() > MaxLo)
    {
      text.resize(MaxLo);
    }
    return text;
  }

  bool IsRatatoskrMethod(const std::string& methodText)
  {
    return methodText.rfind("Ratatoskr ", 0) == 0;
  }

  bool IsMarkerTag(unsigned int group, unsigned int element)
  {
    return (group == 0x0012 && (element == 0x0062 || element == 0x0063 || element == 0x0064)) ||
           (group == 0x0028 && element == 0x0303);
  }

  void Mark(DcmDataset& dataset, const ResolvedProfile& profile, const std::string& keyId, bool pixelsCleaned)
  {
    Check(dataset.putAndInsertString(DCM_PatientIdentityRemoved, "YES"), "PatientIdentityRemoved");
    Check(dataset.putAndInsertString(DCM_DeidentificationMethod, MethodText(profile, keyId).c_str()),
          "DeidentificationMethod");

    std::vector<std::pair<std::string, std::string>> codes;
    if (profile.ConformsToBasicProfile())
    {
      codes.emplace_back("113100", "Basic Application Confidentiality Profile");
    }
    if (pixelsCleaned)
    {
      codes.emplace_back("113101", "Clean Pixel Data Option");
    }
    for (const DeidentificationOptionInfo& info : AllDeidentificationOptions())
    {
      if (profile.HasOption(info.option))
      {
        codes.emplace_back(info.codeValue, info.codeMeaning);
      }
    }
    dataset.findAndDeleteElement(DCM_DeidentificationMethodCodeSequence);
    for (const auto& [value, meaning] : codes)
    {
      DcmItem* item = nullptr;
      Check(dataset.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, item, -2),
            "DeidentificationMethodCodeSequence");
      Check(item->putAndInsertString(DCM_CodeValue, value.c_str()), "CodeValue");
      Check(item->putAndInsertString(DCM_CodingSchemeDesignator, "DCM"), "CodingSchemeDesignator");
      Check(item->putAndInsertString(DCM_CodeMeaning, meaning.c_str()), "CodeMeaning");
    }

    const char* longitudinal = "REMOVED";
    if (profile.HasOption(DeidentificationOption::RetainLongitudinalFullDates))
    {
      longitudinal = "UNMODIFIED";
    }
    else if (profile.HasOption(DeidentificationOption::RetainLongitudinalModifiedDates))
    {
      longitudinal = "MODIFIED";
    }
    Check(dataset.putAndInsertString(DCM_LongitudinalTemporalInformationModified, longitudinal),
          "LongitudinalTemporalInformationModified");
    if (pixelsCleaned)
    {
      Check(dataset.putAndInsertString(DCM_BurnedInAnnotation, "NO"), "BurnedInAnnotation");
    }
  }
}
