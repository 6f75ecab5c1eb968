#include "Core/ResolvedProfile.h"

#include "Core/Crypto.h"
#include "Core/JsonText.h"

#include <cstdio>

namespace Ratatoskr::Core
{
  const char* ToString(PrivateTagPolicy policy)
  {
    switch (policy)
    {
      case PrivateTagPolicy::RetainSafe: return "RetainSafe";
      case PrivateTagPolicy::KeepCreators: return "KeepCreators";
      case PrivateTagPolicy::Remove:
      default: return "Remove";
    }
  }

  const char* ToString(BurnedInAnnotationPolicy policy)
  {
    switch (policy)
    {
      case BurnedInAnnotationPolicy::Allow: return "Allow";
      case BurnedInAnnotationPolicy::Mask: return "Mask";
      case BurnedInAnnotationPolicy::Reject:
      default: return "Reject";
    }
  }

  ResolvedProfile::ResolvedProfile(ResolvedProfileData data) :
    data_(std::move(data))
  {
    defaultAction_.kind = data_.whitelist ? ActionKind::Remove : ActionKind::Keep;
    defaultAction_.origin = data_.whitelist ? "whitelist" : "not in table";
  }

  const std::string& ResolvedProfile::Hash() const
  {
    std::call_once(hashOnce_, [this]() {
      hash_ = Crypto::ToHex(Crypto::Sha256(JsonText::Canonical(ToJsonWithoutHash()))).substr(0, 8);
    });
    return hash_;
  }

  Json::Value ResolvedProfile::ToJsonWithoutHash() const
  {
    Json::Value json(Json::objectValue);
    json["Name"] = data_.name;
    json["Version"] = data_.version;
    json["Description"] = data_.description;
    json["ExtendsChain"] = Json::arrayValue;
    for (const std::string& name : data_.extendsChain)
    {
      json["ExtendsChain"].append(name);
    }
    json["Options"] = Json::arrayValue;
    for (DeidentificationOption option : data_.options)
    {
      json["Options"].append(Describe(option).name);
    }
    json["Whitelist"] = data_.whitelist;

    Json::Value privateTags(Json::objectValue);
    privateTags["Policy"] = ToString(data_.privateTagPolicy);
    privateTags["Creators"] = Json::arrayValue;
    for (const std::string& creator : data_.privateCreators)
    {
      privateTags["Creators"].append(creator);
    }
    if (data_.privateTagPolicy == PrivateTagPolicy::RetainSafe)
    {
      privateTags["SafeTagsVersion"] = data_.safePrivateTags.Version();
      privateTags["SafeTags"] = Json::arrayValue;
      for (const SafePrivateTag& tag : data_.safePrivateTags.Tags())
      {
        Json::Value entry(Json::objectValue);
        char group[5], element[3];
        std::snprintf(group, sizeof(group), "%04X", tag.group);
        std::snprintf(element, sizeof(element), "%02X", tag.element);
        entry["Group"] = group;
        entry["Creator"] = tag.creator;
        entry["Element"] = element;
        privateTags["SafeTags"].append(entry);
      }
    }
    json["PrivateTags"] = privateTags;

    json["BurnedInAnnotation"] = ToString(data_.burnedInAnnotation);
    json["Masks"] = Json::arrayValue;
    for (const PixelMask& mask : data_.masks)
    {
      Json::Value entry(Json::objectValue);
      entry["Manufacturer"] = mask.manufacturer;
      entry["ManufacturerModelName"] = mask.manufacturerModelName;
      entry["Rows"] = mask.rows;
      entry["Columns"] = mask.columns;
      entry["Regions"] = Json::arrayValue;
      for (const MaskRegion& region : mask.regions)
      {
        Json::Value r(Json::objectValue);
        r["X"] = region.x;
        r["Y"] = region.y;
        r["Width"] = region.width;
        r["Height"] = region.height;
        entry["Regions"].append(r);
      }
      json["Masks"].append(entry);
    }
    json["DateShift"]["MinDays"] = data_.dateShift.minDays;
    json["DateShift"]["MaxDays"] = data_.dateShift.maxDays;
    json["CurveData"] = ToString(data_.curveData.kind);
    json["OverlayData"] = ToString(data_.overlayData.kind);
    json["OverlayComments"] = ToString(data_.overlayComments.kind);
    json["ConformsToBasicProfile"] = data_.conformsToBasicProfile;
    json["IodRequirements"] = data_.iodRequirements ? data_.iodRequirements->Version() : std::string();
    json["Rules"] = data_.rulesJson.isNull() ? Json::Value(Json::arrayValue) : data_.rulesJson;
    json["TableActions"] = data_.tableJson.isNull() ? Json::Value(Json::objectValue) : data_.tableJson;
    return json;
  }

  Json::Value ResolvedProfile::ToJson() const
  {
    Json::Value json = ToJsonWithoutHash();
    json["Hash"] = Hash();
    json["SourceFile"] = data_.sourceFile;
    return json;
  }
}
