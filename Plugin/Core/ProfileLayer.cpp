#include "Core/ProfileLayer.h"

#include "Core/AttributePathParser.h"
#include "Core/Errors.h"

#include <cctype>
#include <initializer_list>
#include <regex>
#include <stdexcept>

namespace Ratatoskr::Core
{
  namespace
  {
    const int MaxShiftDays = 36500;

    void CheckKeys(const Json::Value& object, const std::set<std::string>& allowed, const std::string& origin,
                   const std::string& rule)
    {
      for (const std::string& key : object.getMemberNames())
      {
        if (allowed.count(key) == 0)
        {
          throw ProfileError(origin, rule, "unknown key \"" + key + "\"");
        }
      }
    }

    std::string RequireString(const Json::Value& value, const std::string& key, const std::string& origin,
                              const std::string& rule)
    {
      if (!value.isString())
      {
        throw ProfileError(origin, rule, "\"" + key + "\" must be a string");
      }
      return value.asString();
    }

    unsigned int RequireUnsigned(const Json::Value& value, const std::string& key, const std::string& origin,
                                 const std::string& rule, unsigned int max)
    {
      if (!value.isIntegral() || value.asInt64() < 0 || value.asInt64() > static_cast<Json::Int64>(max))
      {
        throw ProfileError(origin, rule, "\"" + key + "\" must be an integer from 0 to " + std::to_string(max));
      }
      return static_cast<unsigned int>(value.asUInt());
    }

    int RequireDays(const Json::Value& value, const std::string& key, const std::string& origin)
    {
      if (!value.isIntegral() || value.asInt64() < -MaxShiftDays || value.asInt64() > MaxShiftDays)
      {
        throw ProfileError(origin, "DateShift", "\"" + key + "\" must be an integer from -36500 to 36500");
      }
      return value.asInt();
    }

    // Parses a JSON string into one of `choices`, by their ToString() names.
    template <typename Choice>
    Choice RequireChoice(const Json::Value& value, const std::string& key, std::initializer_list<Choice> choices,
                         const std::string& origin, const std::string& rule)
    {
      const std::string text = RequireString(value, key, origin, rule);
      std::string names;
      for (Choice choice : choices)
      {
        if (text == ToString(choice))
        {
          return choice;
        }
        names += (names.empty() ? "" : ", ") + std::string(ToString(choice));
      }
      throw ProfileError(origin, rule, "unknown \"" + key + "\" (" + names + ")");
    }

    bool IsDateVr(const std::string& vr)
    {
      return vr == "DA" || vr == "DT" || vr == "TM";
    }

    AttributeAction ParseRuleAction(const Json::Value& rule, const std::string& leafVr, const std::string& origin,
                                    const std::string& where)
    {
      AttributeAction action;
      action.origin = where;
      const std::string name = RequireString(rule["Action"], "Action", origin, where);
      if (!ParseActionKind(name, action.kind))
      {
        throw ProfileError(origin, where, "unknown action \"" + name +
                           "\" (Keep, Remove, Empty, Dummy, Clean, RemapUid, Replace, Pseudonymize, ShiftDate, "
                           "RegexReplace, TruncateDate)");
      }
      std::set<std::string> allowed = {"Attribute", "Action", "Comment"};
      const bool isSequence = (leafVr == "SQ");
      switch (action.kind)
      {
        case ActionKind::Replace:
          allowed.insert("Value");
          try
          {
            action.value = ValueTemplate::Parse(RequireString(rule["Value"], "Value", origin, where));
          }
          catch (const std::invalid_argument& e)
          {
            throw ProfileError(origin, where, std::string("bad \"Value\": ") + e.what());
          }
          break;
        case ActionKind::Pseudonymize:
          allowed.insert("Length");
          allowed.insert("Format");
          if (rule.isMember("Length"))
          {
            action.length = RequireUnsigned(rule["Length"], "Length", origin, where, 64);
            if (action.length == 0)
            {
              throw ProfileError(origin, where, "\"Length\" must be at least 1");
            }
          }
          if (rule.isMember("Format") &&
              !ParsePseudonymFormat(RequireString(rule["Format"], "Format", origin, where), action.format))
          {
            throw ProfileError(origin, where, "unknown \"Format\" (Digits, Hex, Alphanumeric)");
          }
          break;
        case ActionKind::RegexReplace:
          allowed.insert("Pattern");
          allowed.insert("Replacement");
          action.patternText = RequireString(rule["Pattern"], "Pattern", origin, where);
          action.replacement = rule.isMember("Replacement") ?
            RequireString(rule["Replacement"], "Replacement", origin, where) : std::string();
          try
          {
            action.pattern = std::make_shared<const std::regex>(action.patternText, std::regex::ECMAScript);
          }
          catch (const std::regex_error& e)
          {
            throw ProfileError(origin, where, std::string("bad regular expression in \"Pattern\": ") + e.what());
          }
          break;
        case ActionKind::TruncateDate:
        {
          allowed.insert("Precision");
          const std::string precision = rule.isMember("Precision") ?
            RequireString(rule["Precision"], "Precision", origin, where) : std::string("Year");
          if (precision == "Year")
          {
            action.precision = DatePrecision::Year;
          }
          else if (precision == "Month")
          {
            action.precision = DatePrecision::Month;
          }
          else
          {
            throw ProfileError(origin, where, "unknown \"Precision\" (Year, Month)");
          }
          if (!leafVr.empty() && leafVr != "DA" && leafVr != "DT")
          {
            throw ProfileError(origin, where, "TruncateDate needs a DA or DT attribute, not " + leafVr);
          }
          break;
        }
        case ActionKind::ShiftDate:
          if (!leafVr.empty() && !IsDateVr(leafVr))
          {
            throw ProfileError(origin, where, "ShiftDate needs a DA, DT or TM attribute, not " + leafVr);
          }
          break;
        case ActionKind::RemapUid:
          if (!leafVr.empty() && leafVr != "UI" && leafVr != "SQ")
          {
            throw ProfileError(origin, where, "RemapUid needs a UI attribute, not " + leafVr);
          }
          break;
        default:
          break;
      }
      if (isSequence && (action.kind == ActionKind::Replace || action.kind == ActionKind::Pseudonymize ||
                         action.kind == ActionKind::RegexReplace || action.kind == ActionKind::ShiftDate ||
                         action.kind == ActionKind::TruncateDate))
      {
        throw ProfileError(origin, where, std::string(ToString(action.kind)) + " cannot apply to a sequence");
      }
      CheckKeys(rule, allowed, origin, where);
      return action;
    }

    std::vector<PixelMask> ParseMasks(const Json::Value& masks, const std::string& origin)
    {
      if (!masks.isArray())
      {
        throw ProfileError(origin, "Masks", "must be an array");
      }
      std::vector<PixelMask> result;
      for (Json::ArrayIndex i = 0; i < masks.size(); ++i)
      {
        const std::string where = "Masks[" + std::to_string(i) + "]";
        const Json::Value& item = masks[i];
        if (!item.isObject())
        {
          throw ProfileError(origin, where, "must be an object");
        }
        CheckKeys(item, {"Manufacturer", "ManufacturerModelName", "Rows", "Columns", "Regions", "Comment"},
                  origin, where);
        PixelMask mask;
        if (item.isMember("Manufacturer"))
        {
          mask.manufacturer = RequireString(item["Manufacturer"], "Manufacturer", origin, where);
        }
        if (item.isMember("ManufacturerModelName"))
        {
          mask.manufacturerModelName = RequireString(item["ManufacturerModelName"], "ManufacturerModelName",
                                                     origin, where);
        }
        if (item.isMember("Rows"))
        {
          mask.rows = RequireUnsigned(item["Rows"], "Rows", origin, where, 65535);
        }
        if (item.isMember("Columns"))
        {
          mask.columns = RequireUnsigned(item["Columns"], "Columns", origin, where, 65535);
        }
        const Json::Value& regions = item["Regions"];
        if (!regions.isArray() || regions.empty())
        {
          throw ProfileError(origin, where, "\"Regions\" must be a non-empty array of {X, Y, Width, Height}");
        }
        for (Json::ArrayIndex j = 0; j < regions.size(); ++j)
        {
          const std::string regionWhere = where + ".Regions[" + std::to_string(j) + "]";
          if (!regions[j].isObject())
          {
            throw ProfileError(origin, regionWhere, "must be an object {X, Y, Width, Height}");
          }
          CheckKeys(regions[j], {"X", "Y", "Width", "Height"}, origin, regionWhere);
          MaskRegion region;
          region.x = RequireUnsigned(regions[j]["X"], "X", origin, regionWhere, 65535);
          region.y = RequireUnsigned(regions[j]["Y"], "Y", origin, regionWhere, 65535);
          region.width = RequireUnsigned(regions[j]["Width"], "Width", origin, regionWhere, 65535);
          region.height = RequireUnsigned(regions[j]["Height"], "Height", origin, regionWhere, 65535);
          if (region.width == 0 || region.height == 0)
          {
            throw ProfileError(origin, regionWhere, "\"Width\" and \"Height\" must be at least 1");
          }
          mask.regions.push_back(region);
        }
        result.push_back(mask);
      }
      return result;
    }

    void ParsePrivateTags(const Json::Value& value, const std::string& origin, ProfileLayer& layer)
    {
      if (!value.isObject())
      {
        throw ProfileError(origin, "PrivateTags", "must be an object {\"Policy\", \"Creators\", \"SafeTags\"}");
      }
      CheckKeys(value, {"Policy", "Creators", "SafeTags", "Comment"}, origin, "PrivateTags");
      if (value.isMember("Policy"))
      {
        layer.privateTagPolicy = RequireChoice(value["Policy"], "Policy", {PrivateTagPolicy::Remove,
                                               PrivateTagPolicy::RetainSafe, PrivateTagPolicy::KeepCreators},
                                               origin, "PrivateTags");
      }
      if (value.isMember("Creators"))
      {
        if (!value["Creators"].isArray())
        {
          throw ProfileError(origin, "PrivateTags", "\"Creators\" must be an array of strings");
        }
        std::set<std::string> creators;
        for (const Json::Value& creator : value["Creators"])
        {
          if (!creator.isString() || creator.asString().empty())
          {
            throw ProfileError(origin, "PrivateTags", "\"Creators\" must be an array of non-empty strings");
          }
          creators.insert(creator.asString());
        }
        layer.privateCreators = creators;
      }
      if (value.isMember("SafeTags"))
      {
        if (!value["SafeTags"].isArray())
        {
          throw ProfileError(origin, "PrivateTags", "\"SafeTags\" must be an array");
        }
        for (Json::ArrayIndex i = 0; i < value["SafeTags"].size(); ++i)
        {
          try
          {
            for (const SafePrivateTag& tag : SafePrivateTags::ParseEntry(value["SafeTags"][i]))
            {
              layer.extraSafeTags.Add(tag);
            }
          }
          catch (const std::invalid_argument& e)
          {
            throw ProfileError(origin, "PrivateTags.SafeTags[" + std::to_string(i) + "]", e.what());
          }
        }
      }
    }
  }

  bool IsValidProfileName(const std::string& name)
  {
    if (name.empty() || name.size() > 32)
    {
      return false;
    }
    for (char c : name)
    {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      {
        return false;
      }
    }
    return true;
  }

  ProfileLayer ParseProfileLayer(const Json::Value& json, const std::string& origin, const ConfidentialityTable& table)
  {
    if (!json.isObject())
    {
      throw ProfileError(origin, "", "a profile must be a JSON object");
    }
    CheckKeys(json, {"Name", "Version", "Description", "Extends", "Options", "PrivateTags", "Whitelist",
                     "BurnedInAnnotation", "Masks", "DateShift", "Rules", "Comment"}, origin, "");
    ProfileLayer layer;
    layer.origin = origin;
    layer.name = RequireString(json["Name"], "Name", origin, "Name");
    if (!IsValidProfileName(layer.name))
    {
      throw ProfileError(origin, "Name", "must be 1 to 32 letters, digits, '-', '_' or '.'");
    }
    if (json.isMember("Version"))
    {
      const Json::Value& version = json["Version"];
      layer.version = version.isIntegral() ? std::to_string(version.asInt64())
                                           : RequireString(version, "Version", origin, "Version");
      if (layer.version->empty() || layer.version->size() > 8 ||
          layer.version->find_first_of(" \\") != std::string::npos)
      {
        throw ProfileError(origin, "Version", "must be 1 to 8 characters without spaces");
      }
    }
    if (json.isMember("Description"))
    {
      layer.description = RequireString(json["Description"], "Description", origin, "Description");
    }
    if (json.isMember("Extends"))
    {
      layer.extends = RequireString(json["Extends"], "Extends", origin, "Extends");
      if (*layer.extends == layer.name)
      {
        throw ProfileError(origin, "Extends", "a profile cannot extend itself (cycle in Extends)");
      }
    }
    if (json.isMember("Options"))
    {
      if (!json["Options"].isArray())
      {
        throw ProfileError(origin, "Options", "must be an array of option names");
      }
      std::set<DeidentificationOption> options;
      for (const Json::Value& item : json["Options"])
      {
        DeidentificationOption option;
        if (!item.isString() || !ParseDeidentificationOption(item.asString(), option))
        {
          throw ProfileError(origin, "Options", "unknown option \"" + (item.isString() ? item.asString() : "?") +
                             "\" (RetainSafePrivate, RetainUIDs, RetainDeviceIdentity, RetainInstitutionIdentity, "
                             "RetainPatientCharacteristics, RetainLongitudinalFullDates, "
                             "RetainLongitudinalModifiedDates, CleanDescriptors, CleanStructuredContent, "
                             "CleanGraphics)");
        }
        options.insert(option);
      }
      layer.options = options;
    }
    if (json.isMember("PrivateTags"))
    {
      ParsePrivateTags(json["PrivateTags"], origin, layer);
    }
    if (json.isMember("Whitelist"))
    {
      if (!json["Whitelist"].isBool())
      {
        throw ProfileError(origin, "Whitelist", "must be true or false");
      }
      layer.whitelist = json["Whitelist"].asBool();
    }
    if (json.isMember("BurnedInAnnotation"))
    {
      layer.burnedInAnnotation = RequireChoice(json["BurnedInAnnotation"], "BurnedInAnnotation",
                                               {BurnedInAnnotationPolicy::Reject, BurnedInAnnotationPolicy::Allow,
                                                BurnedInAnnotationPolicy::Mask}, origin, "BurnedInAnnotation");
    }
    if (json.isMember("Masks"))
    {
      layer.masks = ParseMasks(json["Masks"], origin);
    }
    if (json.isMember("DateShift"))
    {
      const Json::Value& shift = json["DateShift"];
      if (!shift.isObject())
      {
        throw ProfileError(origin, "DateShift", "must be an object {\"MinDays\", \"MaxDays\"}");
      }
      CheckKeys(shift, {"MinDays", "MaxDays"}, origin, "DateShift");
      DateShiftRange range;
      range.minDays = RequireDays(shift["MinDays"], "MinDays", origin);
      range.maxDays = RequireDays(shift["MaxDays"], "MaxDays", origin);
      if (range.minDays > range.maxDays)
      {
        throw ProfileError(origin, "DateShift", "\"MinDays\" is greater than \"MaxDays\"");
      }
      layer.dateShift = range;
    }
    if (json.isMember("Rules"))
    {
      const Json::Value& rules = json["Rules"];
      if (!rules.isArray())
      {
        throw ProfileError(origin, "Rules", "must be an array");
      }
      for (Json::ArrayIndex i = 0; i < rules.size(); ++i)
      {
        const Json::Value& rule = rules[i];
        std::string where = "Rules[" + std::to_string(i) + "]";
        if (!rule.isObject())
        {
          throw ProfileError(origin, where, "must be an object {\"Attribute\", \"Action\", ...}");
        }
        ProfileRuleDefinition definition;
        definition.attribute = RequireString(rule["Attribute"], "Attribute", origin, where);
        where += " (" + definition.attribute + ")";
        std::string leafVr;
        try
        {
          definition.path = ParseAttributePath(definition.attribute, table, leafVr);
        }
        catch (const std::invalid_argument& e)
        {
          throw ProfileError(origin, where, e.what());
        }
        definition.action = ParseRuleAction(rule, leafVr, origin, where);
        definition.action.origin = layer.name + " " + where;
        definition.json = rule;
        layer.rules.push_back(definition);
      }
    }
    return layer;
  }
}
