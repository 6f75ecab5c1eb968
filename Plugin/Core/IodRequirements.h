#pragma once

#include "Core/AttributeRuleSet.h"
#include "Core/ConfidentialityTable.h"

#include <dcmtk/dcmdata/dcvr.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

// What the IODs require of the attributes a de-identification touches (Profiles/iod-requirements.json,
// from PS3.3 module tables): per SOP class, which attributes are Type 1 (present with a value) or Type 2
// (present, may be empty), and how dummy content is made. The engine uses it so that removing or
// emptying an attribute never makes an output invalid: a required Type 2 attribute is emptied instead
// of removed, a required Type 1 one gets a dummy value, and a sequence that gets a dummy keeps items
// whose content is dummy. Loaded once, immutable, shared between threads.
namespace Ratatoskr::Core
{
  enum class IodType
  {
    None,    // not required (Type 3, or not listed)
    Type1,   // 1, or 1C when present
    Type2    // 2, or 2C when present
  };

  // How an attribute of dummy content (or one the whitelist must keep) that neither a rule nor the
  // table covers is treated.
  enum class DummyContentAction
  {
    Keep,
    RemapUid,
    Dummy,
    Remove
  };

  // The required attributes of one SOP class, by path.
  class IodRequirementSet
  {
  public:
    // Adds a requirement; for the same path the strictest Type wins (1 before 2).
    void Add(const AttributePath& path, IodType type);

    // The Type of `tag` inside the sequences `parents` (outermost first): anchored paths before
    // wildcard ones, longer before shorter; IodType::None if no path matches.
    IodType Find(uint32_t tag, const std::vector<uint32_t>& parents) const;

    size_t Size() const;

  private:
    struct Entry
    {
      AttributePath path;
      IodType type = IodType::None;
    };

    std::unordered_map<uint32_t, std::vector<Entry>> entries_;
  };

  class IodRequirements
  {
  public:
    static const char* const EmbeddedPath;   // "Profiles/iod-requirements.json"

    // Throws ProfileError naming `origin`, the entry and the reason. Keywords are resolved as in
    // profile rules (DCMTK's dictionary, then the table's keywords).
    static std::shared_ptr<const IodRequirements> Parse(const std::string& json, const std::string& origin,
                                                        const ConfidentialityTable& table);
    // From the embedded resource; throws ProfileError if it is not embedded.
    static std::shared_ptr<const IodRequirements> LoadEmbedded(const ConfidentialityTable& table);

    // The requirements of a SOP class: its own entries merged with the "*" entry (the "*" entry alone
    // for a SOP class no entry names).
    const IodRequirementSet& ForSopClass(const std::string& sopClassUid) const;

    // Attributes whose AT values name top-level attributes that are then required (Type 1C).
    const std::vector<uint32_t>& PointerAttributes() const { return pointers_; }

    // Dummy content: the action for an attribute (not a sequence) no rule or table row covers.
    DummyContentAction DummyContentFor(uint32_t tag, DcmEVR vr) const;

    const std::string& Version() const { return version_; }
    const std::vector<std::string>& IodNames() const { return iodNames_; }

  private:
    std::string version_;
    std::vector<std::string> iodNames_;
    IodRequirementSet common_;
    std::unordered_map<std::string, IodRequirementSet> bySopClass_;
    std::vector<uint32_t> pointers_;
    std::unordered_map<int, DummyContentAction> byVr_;        // DcmEVR -> action
    std::unordered_map<uint32_t, DummyContentAction> byTag_;  // KeepAttributes, DummyAttributes
  };
}
