#include "Core/IodRequirements.h"

#include "Core/AttributePathParser.h"
#include "Core/DicomValues.h"
#include "Core/EmbeddedResources.h"
#include "Core/Errors.h"
#include "Core/JsonText.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace Ratatoskr::Core
{
  const char* const IodRequirements::EmbeddedPath = "Profiles/iod-requirements.json";

  namespace
  {
    int Strictness(IodType type)
    {
      return type == IodType::Type1 ? 2 : (type == IodType::Type2 ? 1 : 0);
    }

    IodType ParseType(const Json::Value& value)
    {
      const std::string text = value.isString() ? value.asString() : std::string();
      if (text == "1" || text == "1C")
      {
        return IodType::Type1;
      }
      if (text == "2" || text == "2C")
      {
        return IodType::Type2;
      }
      throw std::invalid_argument("a Type must be \"1\", \"1C\", \"2\" or \"2C\" (Type 3 attributes are not listed)");
    }

    bool IsUidOrStar(const std::string& text)
    {
      if (text == "*")
      {
        return true;
      }
      if (text.empty() || text.size() > 64 || text.front() == '.' || text.back() == '.')
      {
        return false;
      }
      return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
    }

    void CheckKeys(const Json::Value& object, const std::set<std::string>& allowed, const std::string& where)
    {
      if (!object.isObject())
      {
        throw std::invalid_argument(where + " must be an object");
      }
      for (const std::string& key : object.getMemberNames())
      {
        if (allowed.count(key) == 0)
        {
          throw std::invalid_argument("unknown key \"" + key + "\" in " + where);
        }
      }
    }

    DcmEVR ParseVr(const Json::Value& value)
    {
      const std::string name = value.isString() ? value.asString() : std::string();
      const DcmVR vr(name.c_str());
      const bool upper = name.size() == 2 && std::isupper(static_cast<unsigned char>(name[0])) &&
                         std::isupper(static_cast<unsigned char>(name[1]));   // not DCMTK's internal "xs", "ox"...
      if (!upper || vr.getEVR() == EVR_UNKNOWN || name != vr.getVRName() || vr.getEVR() == EVR_SQ)
      {
        throw std::invalid_argument("\"" + name + "\" is not a VR of an attribute value (sequences are walked)");
      }
      return vr.getEVR();
    }
  }

  void IodRequirementSet::Add(const AttributePath& path, IodType type)
  {
    std::vector<Entry>& entries = entries_[path.tag];
    for (Entry& entry : entries)
    {
      if (entry.path.anyDepth == path.anyDepth && entry.path.parents == path.parents)
      {
        if (Strictness(type) > Strictness(entry.type))
        {
          entry.type = type;
        }
        return;
      }
    }
    entries.push_back(Entry{path, type});
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      if (a.path.anyDepth != b.path.anyDepth)
      {
        return !a.path.anyDepth;
      }
      return a.path.parents.size() > b.path.parents.size();
    });
  }

  IodType IodRequirementSet::Find(uint32_t tag, const std::vector<uint32_t>& parents) const
  {
    const auto found = entries_.find(tag);
    if (found == entries_.end())
    {
      return IodType::None;
    }
    for (const Entry& entry : found->second)
    {
      if (AttributeRuleSet::Matches(entry.path, parents))
      {
        return entry.type;
      }
    }
    return IodType::None;
  }

  size_t IodRequirementSet::Size() const
  {
    size_t size = 0;
    for (const auto& entry : entries_)
    {
      size += entry.second.size();
    }
    return size;
  }

  std::shared_ptr<const IodRequirements> IodRequirements::Parse(const std::string& json, const std::string& origin,
                                                                const ConfidentialityTable& table)
  {
    const Json::Value root = JsonText::Parse(json, origin);
    auto result = std::make_shared<IodRequirements>();
    std::string where = "the file";
    try
    {
      CheckKeys(root, {"Version", "Source", "Format", "Comment", "Iods", "Pointers", "DummyContent"}, "the file");
      if (!root["Version"].isString() || root["Version"].asString().empty())
      {
        throw std::invalid_argument("\"Version\" must be a non-empty string");
      }
      result->version_ = root["Version"].asString();
      if (!root["Iods"].isArray() || root["Iods"].empty())
      {
        throw std::invalid_argument("\"Iods\" must be a non-empty array");
      }

      std::unordered_map<std::string, std::vector<std::pair<AttributePath, IodType>>> perSopClass;
      for (Json::ArrayIndex i = 0; i < root["Iods"].size(); ++i)
      {
        const Json::Value& iod = root["Iods"][i];
        where = "Iods[" + std::to_string(i) + "]";
        CheckKeys(iod, {"Name", "Comment", "SopClasses", "Attributes"}, where);
        if (!iod["Name"].isString() || iod["Name"].asString().empty())
        {
          throw std::invalid_argument("\"Name\" must be a non-empty string");
        }
        where += " (" + iod["Name"].asString() + ")";
        result->iodNames_.push_back(iod["Name"].asString());
        if (!iod["SopClasses"].isArray() || iod["SopClasses"].empty())
        {
          throw std::invalid_argument("\"SopClasses\" must be a non-empty array");
        }
        std::vector<std::string> sopClasses;
        for (const Json::Value& uid : iod["SopClasses"])
        {
          if (!uid.isString() || !IsUidOrStar(uid.asString()))
          {
            throw std::invalid_argument("\"SopClasses\" holds something that is neither a UID nor \"*\"");
          }
          sopClasses.push_back(uid.asString());
        }
        if (!iod["Attributes"].isObject() || iod["Attributes"].empty())
        {
          throw std::invalid_argument("\"Attributes\" must be a non-empty object {path: Type}");
        }
        std::vector<std::pair<AttributePath, IodType>> attributes;
        for (const std::string& text : iod["Attributes"].getMemberNames())
        {
          std::string vr;
          try
          {
            attributes.emplace_back(ParseAttributePath(text, table, vr), ParseType(iod["Attributes"][text]));
          }
          catch (const std::invalid_argument& e)
          {
            throw std::invalid_argument("Attributes[" + text + "]: " + e.what());
          }
        }
        for (const std::string& uid : sopClasses)
        {
          auto& list = perSopClass[uid];
          list.insert(list.end(), attributes.begin(), attributes.end());
        }
      }
      where = "the file";
      for (const auto& [path, type] : perSopClass["*"])
      {
        result->common_.Add(path, type);
      }
      for (const auto& [uid, attributes] : perSopClass)
      {
        if (uid == "*")
        {
          continue;
        }
        IodRequirementSet set = result->common_;
        for (const auto& [path, type] : attributes)
        {
          set.Add(path, type);
        }
        result->bySopClass_.emplace(uid, std::move(set));
      }

      where = "Pointers";
      if (root.isMember("Pointers"))
      {
        if (!root["Pointers"].isObject())
        {
          throw std::invalid_argument("must be an object {keyword: \"1C\"}");
        }
        for (const std::string& keyword : root["Pointers"].getMemberNames())
        {
          std::string vr;
          const AttributePath path = ParseAttributePath(keyword, table, vr);
          if (!path.parents.empty() || path.anyDepth || vr != "AT")
          {
            throw std::invalid_argument("'" + keyword + "' is not a top-level attribute of VR AT");
          }
          if (ParseType(root["Pointers"][keyword]) != IodType::Type1)
          {
            throw std::invalid_argument("the attributes '" + keyword + "' points at can only be Type 1C");
          }
          result->pointers_.push_back(path.tag);
        }
      }

      where = "DummyContent";
      const Json::Value& dummy = root["DummyContent"];
      CheckKeys(dummy, {"Comment", "KeepVRs", "RemapVRs", "DummyVRs", "RemoveVRs", "KeepAttributes", "DummyAttributes"},
                "DummyContent");
      const std::pair<const char*, DummyContentAction> vrLists[] = {
        {"KeepVRs", DummyContentAction::Keep}, {"RemapVRs", DummyContentAction::RemapUid},
        {"DummyVRs", DummyContentAction::Dummy}, {"RemoveVRs", DummyContentAction::Remove}};
      for (const auto& [key, action] : vrLists)
      {
        if (!dummy[key].isArray())
        {
          throw std::invalid_argument(std::string("\"") + key + "\" must be an array of VR names");
        }
        for (const Json::Value& name : dummy[key])
        {
          if (!result->byVr_.emplace(static_cast<int>(ParseVr(name)), action).second)
          {
            throw std::invalid_argument("VR " + name.asString() + " is listed twice");
          }
        }
      }
      if (result->byVr_.count(EVR_US) == 0 || result->byVr_.count(EVR_OB) == 0)
      {
        throw std::invalid_argument("the VR lists must at least place US and OB");
      }
      const std::pair<const char*, DummyContentAction> attributeLists[] = {
        {"KeepAttributes", DummyContentAction::Keep}, {"DummyAttributes", DummyContentAction::Dummy}};
      for (const auto& [key, action] : attributeLists)
      {
        if (!dummy[key].isNull() && !dummy[key].isArray())
        {
          throw std::invalid_argument(std::string("\"") + key + "\" must be an array of keywords");
        }
        for (const Json::Value& keyword : dummy[key])
        {
          std::string vr;
          const AttributePath path = ParseAttributePath(keyword.isString() ? keyword.asString() : std::string(), table, vr);
          if (!path.parents.empty() || path.anyDepth || vr == "SQ")
          {
            throw std::invalid_argument(std::string("\"") + key + "\" takes keywords of attributes that are not sequences");
          }
          if (!result->byTag_.emplace(path.tag, action).second)
          {
            throw std::invalid_argument("'" + keyword.asString() + "' is listed twice");
          }
        }
      }
    }
    catch (const std::invalid_argument& e)
    {
      throw ProfileError(origin, where, e.what());
    }
    return result;
  }

  std::shared_ptr<const IodRequirements> IodRequirements::LoadEmbedded(const ConfidentialityTable& table)
  {
    std::string content;
    if (!Embedded::Find(EmbeddedPath, content))
    {
      throw ProfileError(EmbeddedPath, "", "the IOD requirements are not embedded in this binary");
    }
    return Parse(content, EmbeddedPath, table);
  }

  const IodRequirementSet& IodRequirements::ForSopClass(const std::string& sopClassUid) const
  {
    const auto found = bySopClass_.find(sopClassUid);
    return found == bySopClass_.end() ? common_ : found->second;
  }

  DummyContentAction IodRequirements::DummyContentFor(uint32_t tag, DcmEVR vr) const
  {
    const auto byTag = byTag_.find(tag);
    if (byTag != byTag_.end())
    {
      return byTag->second;
    }
    auto byVr = byVr_.find(static_cast<int>(vr));
    if (byVr == byVr_.end())
    {
      // DCMTK's internal forms (US or SS, OB or OW...) follow US and OB; anything else goes.
      if (DicomValues::IsNumericBinaryVr(vr))
      {
        byVr = byVr_.find(static_cast<int>(EVR_US));
      }
      else if (DicomValues::IsBulkVr(vr))
      {
        byVr = byVr_.find(static_cast<int>(EVR_OB));
      }
      else
      {
        return DummyContentAction::Remove;
      }
    }
    return byVr->second;
  }
}
