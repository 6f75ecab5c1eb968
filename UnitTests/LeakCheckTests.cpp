// The leak check: survivors of original identifying values are reported by path, never by value.
#include "TestSupport.h"

#include "Core/Errors.h"
#include "Core/IdentifyingValues.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>

#include <gtest/gtest.h>

#include <algorithm>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

TEST(IdentifyingValues, MatchesAtBoundariesOnly)
{
  IdentifyingValues values;
  values.AddOriginal(EVR_PN, "DOE^JOHN^^^");
  values.AddOriginal(EVR_DA, "20220315");
  values.AddOriginal(EVR_UI, "1.2.3.4.5");
  values.AddOriginal(EVR_LO, "ID");          // too short to be checked
  values.AddOriginal(EVR_CS, "ALTERED");     // coded value: not identifying
  values.Finalize();
  EXPECT_TRUE(values.Contains("Scan of John Doe"));
  EXPECT_FALSE(values.Contains("Johnson Doetsch"));
  EXPECT_TRUE(values.Contains("20220315101010"));     // date at the start of a DT
  EXPECT_TRUE(values.Contains("seen on 15.03.2022"));
  EXPECT_FALSE(values.Contains("120220315"));
  EXPECT_TRUE(values.Contains("1.2.3.4.5"));
  EXPECT_FALSE(values.Contains("1.2.3.4.56"));
  EXPECT_FALSE(values.Contains("ID"));
  EXPECT_FALSE(values.Contains("ALTERED"));
  std::string text = "CT for John DOE, 2022-03-15";
  EXPECT_TRUE(values.Clean(text));
  EXPECT_EQ(text, "CT for **** ***, **********");
}

TEST(IdentifyingValues, KeptAndProducedValuesAreNotLeaks)
{
  IdentifyingValues values;
  values.AddOriginal(EVR_LO, "ANONYMIZED");
  values.AddOriginal(EVR_LO, "CT01");
  values.AddOriginal(EVR_LO, "General Hospital");
  values.AddProduced("ANONYMIZED");
  values.AddKept(EVR_LO, "CT01", false);
  values.Finalize();
  EXPECT_EQ(values.Count(), 1u);
  EXPECT_FALSE(values.Contains("ANONYMIZED"));
  EXPECT_FALSE(values.Contains("CT01"));
  EXPECT_TRUE(values.Contains("general hospital"));
}

TEST(IdentifyingValues, KeptTextNeverExcusesThePatientIdentity)
{
  IdentifyingValues values;
  values.AddOriginal(EVR_LO, "PID-73519", false, true);   // e.g. PatientID
  values.AddOriginal(EVR_PN, "Test^Sam", false, true);    // e.g. PatientName
  values.AddKept(EVR_LO, "PID-73519", false);             // e.g. a kept Manufacturer holding the ID
  values.AddKept(EVR_SH, "TEST", true);                   // a coded value (CodingSchemeDesignator)
  values.Finalize();
  EXPECT_TRUE(values.Contains("PID-73519"));
  EXPECT_FALSE(values.Contains("test"));
  EXPECT_TRUE(values.Contains("sam"));
}

TEST(LeakCheck, ReportsSurvivorsByPathAndFailsWhenAsked)
{
  auto file = MakeInstance();
  file->getDataset()->putAndInsertString(DCM_ImageComments, "Scan of DOE JOHN, PID12345");
  const auto profile = ProfileFromJson(R"({"Name": "p", "Extends": "basic", "Rules": [
    {"Attribute": "ImageComments", "Action": "Keep"}]})");
  Anonymizer anonymizer(profile, TestPseudonymizer());
  AnonymizationContext context;   // failOnLeak = true
  try
  {
    anonymizer.Apply(*file, context);
    FAIL() << "the leak was not detected";
  }
  catch (const LeakError& e)
  {
    EXPECT_EQ(e.Paths(), (std::vector<std::string>{"ImageComments"}));
    const std::string message = e.what();
    EXPECT_NE(message.find("ImageComments"), std::string::npos);
    EXPECT_EQ(message.find("DOE"), std::string::npos) << message;
    EXPECT_EQ(message.find("PID12345"), std::string::npos) << message;
  }

  auto again = MakeInstance();
  again->getDataset()->putAndInsertString(DCM_ImageComments, "Scan of DOE JOHN");
  const AnonymizationReport report = RunProfile(profile, *again);   // failOnLeak = false
  EXPECT_EQ(report.leaks, (std::vector<std::string>{"ImageComments"}));
}

TEST(LeakCheck, FindsSurvivorsInSequencesAndPrivateTags)
{
  auto file = MakeInstance();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertString(DcmTag(0x0011, 0x0010, EVR_LO), "ACME PRIVATE");
  ds.putAndInsertString(DcmTag(0x0011, 0x1001, EVR_LO), "PID12345");
  DcmItem* item = nullptr;
  ds.findOrCreateSequenceItem(DCM_DerivationCodeSequence, item, -2);
  item->putAndInsertString(DCM_CodeMeaning, "derived for patient DOE");
  const auto profile = ProfileFromJson(R"({"Name": "p", "Extends": "basic",
    "PrivateTags": {"Policy": "KeepCreators", "Creators": ["ACME PRIVATE"]}})");
  const AnonymizationReport report = RunProfile(profile, *file);
  EXPECT_NE(std::find(report.leaks.begin(), report.leaks.end(), "(0011,1001)"), report.leaks.end());
  EXPECT_NE(std::find(report.leaks.begin(), report.leaks.end(), "DerivationCodeSequence[0].CodeMeaning"),
            report.leaks.end());
}

TEST(LeakCheck, NoFalseAlarmsOnTheBuiltinProfiles)
{
  for (const std::string& name : BuiltinRegistry().ListNames())
  {
    auto file = MakeInstance();
    AnonymizationContext context;
    context.metadata["CaseId"] = "CASE-1";
    Anonymizer anonymizer(BuiltinRegistry().Get(name), TestPseudonymizer());
    EXPECT_NO_THROW(anonymizer.Apply(*file, context)) << name;
  }
}
