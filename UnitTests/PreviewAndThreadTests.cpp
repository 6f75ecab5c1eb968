// The operator's preview, and one Anonymizer used from several threads.
#include "TestSupport.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>

#include <gtest/gtest.h>

#include <map>
#include <thread>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  const Json::Value* FindEntry(const Json::Value& preview, const std::string& path)
  {
    for (const Json::Value& entry : preview)
    {
      if (entry["Path"].asString() == path)
      {
        return &entry;
      }
    }
    return nullptr;
  }
}

TEST(Preview, ListsEveryAttributeWithBeforeAndAfter)
{
  auto file = MakeInstance();
  DcmItem* item = nullptr;
  file->getDataset()->findOrCreateSequenceItem(DCM_ReferencedImageSequence, item, -2);
  item->putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.3.4.5");
  const std::string bytes = ToBytes(*file);
  Anonymizer anonymizer(BuiltinRegistry().Get("teaching"), TestPseudonymizer());
  AnonymizationContext context;
  context.metadata["CaseId"] = "C-1";
  const Json::Value preview = anonymizer.Preview(bytes.data(), bytes.size(), context);
  ASSERT_TRUE(preview.isArray());

  const Json::Value* name = FindEntry(preview, "PatientName");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ((*name)["Tag"].asString(), "0010,0010");
  EXPECT_EQ((*name)["Keyword"].asString(), "PatientName");
  EXPECT_EQ((*name)["Action"].asString(), "Replace");
  EXPECT_EQ((*name)["Before"].asString(), "DOE^JOHN");
  EXPECT_EQ((*name)["After"].asString(), "C-1");

  const Json::Value* weight = FindEntry(preview, "PatientWeight");
  ASSERT_NE(weight, nullptr);
  EXPECT_EQ((*weight)["Action"].asString(), "Keep");

  const Json::Value* station = FindEntry(preview, "StationName");
  ASSERT_NE(station, nullptr);
  EXPECT_EQ((*station)["After"].asString(), "ANONYMIZED");

  const Json::Value* nested = FindEntry(preview, "ReferencedImageSequence[0].ReferencedSOPInstanceUID");
  ASSERT_NE(nested, nullptr);
  EXPECT_EQ((*nested)["After"].asString(), TestPseudonymizer().MapUid("1.2.3.4.5"));

  const Json::Value* description = FindEntry(preview, "StudyDescription");
  ASSERT_NE(description, nullptr);
  EXPECT_EQ((*description)["After"].asString(), "CT HEAD for ***");

  auto basicFile = MakeInstance();
  const std::string basicBytes = ToBytes(*basicFile);
  Anonymizer basic(BuiltinRegistry().Get("basic"), TestPseudonymizer());
  const Json::Value removed = basic.Preview(basicBytes.data(), basicBytes.size(), context);
  const Json::Value* age = FindEntry(removed, "PatientAge");
  ASSERT_NE(age, nullptr);
  EXPECT_EQ((*age)["Action"].asString(), "Remove");
  EXPECT_TRUE((*age)["After"].isNull());
}

TEST(Preview, ShowsWhatTheLastStepsWroteOverAttributesOfTheInput)
{
  // The PS3.15 marks and a masked instance's BurnedInAnnotation replace elements after the walk (fuzz
  // finding: the preview read the replaced elements after they were freed).
  auto file = MakeInstance();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertString(DCM_PatientIdentityRemoved, "NO");
  ds.putAndInsertString(DCM_DeidentificationMethod, "by hand");
  DcmItem* code = nullptr;
  ds.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, code, -2);
  code->putAndInsertString(DCM_CodeValue, "999999");
  ds.putAndInsertString(DCM_BurnedInAnnotation, "YES");
  ds.putAndInsertString(DCM_Manufacturer, "acme");
  const std::string bytes = ToBytes(*file);
  Anonymizer masked(ProfileFromJson(R"({"Name": "p", "Extends": "basic", "BurnedInAnnotation": "Mask",
    "Masks": [{"Manufacturer": "acme", "Regions": [{"X": 0, "Y": 0, "Width": 2, "Height": 2}]}]})"),
                    TestPseudonymizer());
  const Json::Value preview = masked.Preview(bytes.data(), bytes.size(), AnonymizationContext());
  const std::map<std::string, std::string> expected = {
    {"PatientIdentityRemoved", "YES"}, {"BurnedInAnnotation", "NO"},
    {"DeidentificationMethodCodeSequence[0].CodeValue", "113100"}};
  for (const auto& [path, after] : expected)
  {
    const Json::Value* entry = FindEntry(preview, path);
    ASSERT_NE(entry, nullptr) << path;
    EXPECT_EQ((*entry)["After"].asString(), after) << path;
  }
  const Json::Value* method = FindEntry(preview, "DeidentificationMethod");
  ASSERT_NE(method, nullptr);
  EXPECT_EQ((*method)["After"].asString().compare(0, 12, "Ratatoskr p "), 0) << (*method)["After"].asString();
}

TEST(Threads, OneAnonymizerServesManyThreadsWithIdenticalResults)
{
  Anonymizer anonymizer(BuiltinRegistry().Get("teaching"), TestPseudonymizer());
  AnonymizationContext context;
  context.metadata["CaseId"] = "C-1";
  auto reference = MakeInstance();
  const std::string input = ToBytes(*reference);
  AnonymizationReport report;
  const std::string expected = anonymizer.AnonymizeBuffer(input.data(), input.size(), context, report);

  std::vector<std::string> outputs(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < outputs.size(); ++t)
  {
    threads.emplace_back([&, t]() {
      for (int i = 0; i < 25; ++i)
      {
        AnonymizationReport local;
        outputs[t] = anonymizer.AnonymizeBuffer(input.data(), input.size(), context, local);
        if (outputs[t] != expected)
        {
          return;
        }
      }
    });
  }
  for (std::thread& thread : threads)
  {
    thread.join();
  }
  for (const std::string& output : outputs)
  {
    EXPECT_EQ(output, expected);
  }
}
