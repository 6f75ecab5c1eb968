#include "Cli/DryRunPrinter.h"

namespace Ratatoskr::Cli
{
  namespace
  {
    std::string ValueText(const Json::Value& value)
    {
      if (value.isNull())
      {
        return "(none)";
      }
      if (value.isString())
      {
        return "\"" + value.asString() + "\"";
      }
      if (value.isArray())
      {
        std::string joined;
        for (const Json::Value& item : value)
        {
          joined += (joined.empty() ? "" : "\\") + (item.isString() ? item.asString() : item.toStyledString());
        }
        return "\"" + joined + "\"";
      }
      std::string text = value.toStyledString();
      while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
      {
        text.pop_back();
      }
      return text;
    }

    std::string Field(const Json::Value& entry, const char* key)
    {
      return entry.isMember(key) && entry[key].isString() ? entry[key].asString() : std::string();
    }
  }

  void PrintPreview(std::ostream& out, const FileTask& task, const Json::Value& preview)
  {
    out << "== " << task.displayName << '\n';
    size_t unchanged = 0;
    for (const Json::Value& entry : preview)
    {
      if (entry["Before"] == entry["After"])
      {
        unchanged++;
        continue;
      }
      const std::string path = Field(entry, "Path");
      const std::string tag = "(" + Field(entry, "Tag") + ")";
      const std::string name = path.compare(0, tag.size(), tag) == 0 ? path : tag + " " + path;
      out << "  " << name << "  " << Field(entry, "Action") << "  " << ValueText(entry["Before"]) << " -> "
          << ValueText(entry["After"]) << '\n';
    }
    out << "  (" << unchanged << " attribute" << (unchanged == 1 ? "" : "s") << " unchanged)\n";
  }

  void PrintPreviews(std::ostream& out, const std::vector<FileTask>& tasks, const std::vector<FileResult>& results)
  {
    for (size_t i = 0; i < results.size(); i++)
    {
      if (results[i].status == FileStatus::Anonymized && !results[i].preview.isNull())
      {
        PrintPreview(out, tasks[i], results[i].preview);
      }
    }
  }
}
