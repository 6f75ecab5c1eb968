#pragma once

#include "Core/AttributeRuleSet.h"
#include "Core/DeidentificationOption.h"
#include "Core/IodRequirements.h"
#include "Core/SafePrivateTags.h"

#include <json/value.h>

#include <mutex>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

// A profile after `Extends` was followed and Table E.1-1 was applied with its options: everything
// the engine needs, immutable and shareable between threads.
namespace Ratatoskr::Core
{
  enum class PrivateTagPolicy
  {
    Remove,        // default: every private attribute goes
    RetainSafe,    // keep the safe private tags (Profiles/safe-private-tags.json + profile additions)
    KeepCreators   // keep every private attribute of the listed private creators
  };

  enum class BurnedInAnnotationPolicy
  {
    Reject,   // default: BurnedInAnnotation=YES -> BurnedInAnnotationError
    Allow,    // keep the pixels as they are
    Mask      // apply the matching Masks; no matching mask -> BurnedInAnnotationError
  };

  const char* ToString(PrivateTagPolicy policy);
  const char* ToString(BurnedInAnnotationPolicy policy);

  struct MaskRegion
  {
    unsigned int x = 0;       // column of the top-left corner, 0-based
    unsigned int y = 0;       // row of the top-left corner, 0-based
    unsigned int width = 0;
    unsigned int height = 0;
  };

  // Rectangles to black out in images of one manufacturer/model/size. Empty criteria match anything.
  struct PixelMask
  {
    std::string manufacturer;            // compared case-insensitively, trimmed
    std::string manufacturerModelName;
    unsigned int rows = 0;               // 0: any
    unsigned int columns = 0;
    std::vector<MaskRegion> regions;
  };

  struct DateShiftRange
  {
    int minDays = -365;
    int maxDays = -1;
  };

  // Everything a resolved profile is made of (filled by ProfileResolver).
  struct ResolvedProfileData
  {
    std::string name;
    std::string version;
    std::string description;
    std::string sourceFile;
    std::vector<std::string> extendsChain;   // this profile first, then its bases
    std::set<DeidentificationOption> options;
    bool whitelist = false;
    PrivateTagPolicy privateTagPolicy = PrivateTagPolicy::Remove;
    std::set<std::string> privateCreators;   // KeepCreators
    SafePrivateTags safePrivateTags;         // RetainSafe
    BurnedInAnnotationPolicy burnedInAnnotation = BurnedInAnnotationPolicy::Reject;
    std::vector<PixelMask> masks;
    DateShiftRange dateShift;
    AttributeRuleSet rules;
    AttributeRuleSet tableRules;       // Table E.1-1 with the options alone (also in whitelist mode)
    std::shared_ptr<const IodRequirements> iodRequirements;   // may be null: no IOD layer
    AttributeAction curveData;         // (50xx,xxxx)
    AttributeAction overlayData;       // (60xx,3000); Remove drops the whole overlay group
    AttributeAction overlayComments;   // (60xx,4000)
    bool conformsToBasicProfile = true;  // no explicit rule keeps what the Basic Profile removes
    std::unordered_set<uint32_t> identifyingTags;  // table rows outside the descriptor columns
    Json::Value rulesJson;             // the merged explicit rules, as written
    Json::Value tableJson;             // the effective table actions, for ToJson()
  };

  class ResolvedProfile
  {
  public:
    explicit ResolvedProfile(ResolvedProfileData data);

    const std::string& Name() const { return data_.name; }
    const std::string& Version() const { return data_.version; }
    const std::string& Description() const { return data_.description; }
    // First 8 hex digits of SHA-256 of the canonical resolved JSON (without the hash itself);
    // computed on first use (thread-safe).
    const std::string& Hash() const;

    bool HasOption(DeidentificationOption option) const { return data_.options.count(option) != 0; }
    const std::set<DeidentificationOption>& Options() const { return data_.options; }
    bool Whitelist() const { return data_.whitelist; }
    PrivateTagPolicy PrivateTags() const { return data_.privateTagPolicy; }
    const std::set<std::string>& PrivateCreators() const { return data_.privateCreators; }
    const SafePrivateTags& SafePrivate() const { return data_.safePrivateTags; }
    BurnedInAnnotationPolicy BurnedInAnnotation() const { return data_.burnedInAnnotation; }
    const std::vector<PixelMask>& Masks() const { return data_.masks; }
    const DateShiftRange& DateShift() const { return data_.dateShift; }
    const AttributeRuleSet& Rules() const { return data_.rules; }
    // The action Table E.1-1 (with the options) gives a tag, whatever the rules say (nullptr: no row).
    const AttributeAction* TableAction(uint32_t tag) const { return data_.tableRules.FindTableAction(tag); }
    // What the IODs require (Profiles/iod-requirements.json); nullptr when the profile was built without.
    const IodRequirements* Iod() const { return data_.iodRequirements.get(); }
    const AttributeAction& CurveData() const { return data_.curveData; }
    const AttributeAction& OverlayData() const { return data_.overlayData; }
    const AttributeAction& OverlayComments() const { return data_.overlayComments; }
    bool ConformsToBasicProfile() const { return data_.conformsToBasicProfile; }
    // Table E.1-1 lists the attribute and not only as a descriptor (Clean Descriptors, Clean
    // Structured Content, Clean Graphics columns): its values are identifying.
    bool IsIdentifyingAttribute(uint32_t tag) const { return data_.identifyingTags.count(tag) != 0; }

    // The action for elements that neither a rule nor the table covers: Keep, or Remove in
    // whitelist mode.
    const AttributeAction& DefaultAction() const { return defaultAction_; }

    // The fully resolved profile (after Extends): Name, Version, Description, Hash, Extends chain,
    // Options, PrivateTags, Whitelist, BurnedInAnnotation, Masks, DateShift, Rules, TableActions.
    Json::Value ToJson() const;

  private:
    Json::Value ToJsonWithoutHash() const;

    ResolvedProfileData data_;
    AttributeAction defaultAction_;
    mutable std::once_flag hashOnce_;
    mutable std::string hash_;
  };
}
