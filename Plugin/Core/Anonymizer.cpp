#include "Core/Anonymizer.h"

#include "Core/DicomBuffer.h"
#include "Core/InstanceAnonymization.h"

#include <dcmtk/dcmdata/dcfilefo.h>

#include <stdexcept>

namespace Ratatoskr::Core
{
  Anonymizer::Anonymizer(std::shared_ptr<const ResolvedProfile> profile, const Pseudonymizer& pseudonymizer) :
    profile_(std::move(profile)),
    pseudonymizer_(pseudonymizer)
  {
    if (!profile_)
    {
      throw std::invalid_argument("Anonymizer: no profile");
    }
  }

  AnonymizationReport Anonymizer::Apply(DcmFileFormat& file, const AnonymizationContext& ctx) const
  {
    AnonymizationReport report;
    InstanceAnonymization anonymization(*profile_, pseudonymizer_, ctx, report);
    anonymization.Run(file);
    if (ctx.failOnLeak && !report.leaks.empty())
    {
      throw LeakError(report.leaks);
    }
    return report;
  }

  std::string Anonymizer::AnonymizeBuffer(const void* data, size_t size, const AnonymizationContext& ctx,
                                          AnonymizationReport& report) const
  {
    std::unique_ptr<DcmFileFormat> file = DicomBuffer::Read(data, size);
    report = Apply(*file, ctx);
    return DicomBuffer::Write(*file);
  }

  Json::Value Anonymizer::Preview(const void* data, size_t size, const AnonymizationContext& ctx) const
  {
    std::unique_ptr<DcmFileFormat> file = DicomBuffer::Read(data, size);
    AnonymizationReport report;
    std::vector<PreviewEntry> entries;
    InstanceAnonymization anonymization(*profile_, pseudonymizer_, ctx, report, &entries);
    anonymization.Run(*file);

    Json::Value result(Json::arrayValue);
    for (const PreviewEntry& entry : entries)
    {
      Json::Value item(Json::objectValue);
      item["Path"] = entry.path;
      item["Tag"] = entry.tag;
      item["Keyword"] = entry.keyword;
      item["Action"] = entry.action;
      item["Rule"] = entry.origin;
      item["Before"] = entry.before;
      item["After"] = entry.present ? Json::Value(entry.after) : Json::Value(Json::nullValue);
      result.append(item);
    }
    return result;
  }
}
