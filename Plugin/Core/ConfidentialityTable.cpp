#include "Core/ConfidentialityTable.h"

#include "Core/EmbeddedResources.h"
#include "Core/Errors.h"
#include "Core/JsonText.h"
#include "Core/TagDictionary.h"


namespace Ratatoskr::Core
{
  const char* const ConfidentialityTable::EmbeddedPath = "Resources/Reference/ps3.15-e1-1.json";

  namespace
  {
    TableRowKind KindOfPattern(const std::string& id)
    {
      if (id == "50xxxxxx")
      {
        return TableRowKind::CurveData;
      }
      if (id == "60xx3000")
      {
        return TableRowKind::OverlayData;
      }
      if (id == "60xx4000")
      {
        return TableRowKind::OverlayComments;
      }
      if (id.compare(0, 8, "ggggeeee") == 0)
      {
        return TableRowKind::PrivateAttributes;
      }
      return TableRowKind::Attribute;
    }

    std::string StringOrEmpty(const Json::Value& value)
    {
      return value.isString() ? value.asString() : std::string();
    }
  }

  std::shared_ptr<const ConfidentialityTable> ConfidentialityTable::Parse(const std::string& json,
                                                                          const std::string& origin)
  {
    const Json::Value root = JsonText::Parse(json, origin);
    if (!root.isObject() || !root["attributes"].isArray())
    {
      throw ProfileError(origin, "", "not a PS3.15 Table E.1-1 file: no \"attributes\" array");
    }
    auto table = std::make_shared<ConfidentialityTable>();
    table->edition_ = StringOrEmpty(root["source"]["edition"]);
    const Json::Value& attributes = root["attributes"];
    for (Json::ArrayIndex i = 0; i < attributes.size(); ++i)
    {
      const Json::Value& item = attributes[i];
      const std::string where = "attributes[" + std::to_string(i) + "]";
      if (!item.isObject() || !item["id"].isString() || !item["actions"].isObject() ||
          !item["actions"]["basic"].isString())
      {
        throw ProfileError(origin, where, "row lacks \"id\" or \"actions\".\"basic\"");
      }
      TableRow row;
      const std::string id = item["id"].asString();
      row.kind = KindOfPattern(id);
      if (row.kind == TableRowKind::Attribute && !TagDictionary::ParseTag(id, row.tag))
      {
        throw ProfileError(origin, where, "unrecognized tag id '" + id + "'");
      }
      row.keyword = StringOrEmpty(item["keyword"]);
      row.vr = StringOrEmpty(item["vr"]);
      row.basic = item["actions"]["basic"].asString();
      for (const DeidentificationOptionInfo& info : AllDeidentificationOptions())
      {
        const Json::Value& cell = item["actions"][info.tableColumn];
        if (cell.isString() && !cell.asString().empty())
        {
          row.options[info.option] = cell.asString();
        }
      }
      const size_t index = table->rows_.size();
      if (row.kind == TableRowKind::Attribute)
      {
        table->byTag_[row.tag] = index;
        if (!row.keyword.empty())
        {
          table->byKeyword_[row.keyword] = index;
        }
      }
      else
      {
        table->patterns_[row.kind] = index;
      }
      table->rows_.push_back(std::move(row));
    }
    return table;
  }

  std::shared_ptr<const ConfidentialityTable> ConfidentialityTable::LoadFile(const std::string& path)
  {
    return Parse(JsonText::ReadFile(path), path);
  }

  std::shared_ptr<const ConfidentialityTable> ConfidentialityTable::LoadEmbedded()
  {
    std::string content;
    if (!Embedded::Find(EmbeddedPath, content))
    {
      throw ProfileError(EmbeddedPath, "", "the reference table is not embedded in this binary");
    }
    return Parse(content, EmbeddedPath);
  }

  const TableRow* ConfidentialityTable::FindByTag(uint32_t tag) const
  {
    const auto found = byTag_.find(tag);
    return found == byTag_.end() ? nullptr : &rows_[found->second];
  }

  const TableRow* ConfidentialityTable::FindByKeyword(const std::string& keyword) const
  {
    const auto found = byKeyword_.find(keyword);
    return found == byKeyword_.end() ? nullptr : &rows_[found->second];
  }

  const TableRow* ConfidentialityTable::Pattern(TableRowKind kind) const
  {
    const auto found = patterns_.find(kind);
    return found == patterns_.end() ? nullptr : &rows_[found->second];
  }
}
