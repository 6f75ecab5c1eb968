// One test per rule action, plus paths into sequences.
#include "TestSupport.h"

#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <gtest/gtest.h>

#include <regex>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  // Runs basic + one rule on the standard instance.
  std::unique_ptr<DcmFileFormat> WithRule(const std::string& rule, const std::string& extra = "",
                                          const AnonymizationContext& context = AnonymizationContext())
  {
    auto file = MakeInstance();
    const auto profile = ProfileFromJson(R"({"Name": "rule-test", "Extends": "basic", )" + extra +
                                         R"("Rules": [)" + rule + "]}");
    RunProfile(profile, *file, context);
    return file;
  }

  DcmItem* AddItem(DcmItem& parent, const DcmTagKey& sequence)
  {
    DcmItem* item = nullptr;
    parent.findOrCreateSequenceItem(sequence, item, -2);
    return item;
  }

  std::string NestedGet(DcmFileFormat& file, const DcmTagKey& sequence, const DcmTagKey& tag, int index = 0)
  {
    DcmItem* item = nullptr;
    if (file.getDataset()->findAndGetSequenceItem(sequence, item, index).bad())
    {
      return "<no item>";
    }
    OFString value;
    if (item->findAndGetOFStringArray(tag, value).bad())
    {
      return "<absent>";
    }
    return value.c_str();
  }
}

TEST(AnonymizerRules, Keep)
{
  auto file = WithRule(R"({"Attribute": "StudyDescription", "Action": "Keep"})");
  EXPECT_EQ(Get(*file, DCM_StudyDescription), "CT HEAD for DOE");
}

TEST(AnonymizerRules, Remove)
{
  auto file = WithRule(R"({"Attribute": "Modality", "Action": "Remove"})");
  EXPECT_FALSE(Has(*file, DCM_Modality));
}

TEST(AnonymizerRules, Empty)
{
  auto file = WithRule(R"({"Attribute": "InstitutionName", "Action": "Empty"})");
  EXPECT_TRUE(Has(*file, DCM_InstitutionName));
  EXPECT_EQ(Get(*file, DCM_InstitutionName), "");
}

TEST(AnonymizerRules, Dummy)
{
  auto file = WithRule(R"({"Attribute": "PatientName", "Action": "Dummy"})");
  EXPECT_EQ(Get(*file, DCM_PatientName), "ANONYMIZED");
}

TEST(AnonymizerRules, ReplaceWithPlaceholders)
{
  AnonymizationContext context;
  context.metadata["CourseId"] = "RAD-101";
  auto file = WithRule(R"({"Attribute": "PatientName", "Action": "Replace", "Value": "{CourseId}^{PatientPseudonym}"},
                          {"Attribute": "StudyID", "Action": "Replace", "Value": "{StudyPseudonym}"},
                          {"Attribute": "AccessionNumber", "Action": "Replace", "Value": "{SeriesPseudonym}"})",
                       "", context);
  EXPECT_TRUE(std::regex_match(Get(*file, DCM_PatientName), std::regex("^RAD-101\\^[0-9A-Z]{12}$")))
    << Get(*file, DCM_PatientName);
  EXPECT_TRUE(std::regex_match(Get(*file, DCM_StudyID), std::regex("^[0-9A-Z]{12}$")));
  EXPECT_NE(Get(*file, DCM_StudyID), Get(*file, DCM_AccessionNumber));
}

TEST(AnonymizerRules, ReplaceWithAMissingPlaceholderFails)
{
  auto file = MakeInstance();
  const auto profile = ProfileFromJson(R"({"Name": "p", "Rules": [
    {"Attribute": "PatientName", "Action": "Replace", "Value": "{CaseId}"}]})");
  Anonymizer anonymizer(profile, TestPseudonymizer());
  try
  {
    anonymizer.Apply(*file, AnonymizationContext());
    FAIL() << "no error";
  }
  catch (const AnonymizationError& e)
  {
    EXPECT_NE(std::string(e.what()).find("PatientName"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("{CaseId}"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("DOE"), std::string::npos) << e.what();
  }
}

TEST(AnonymizerRules, ReplacementsAreCutToTheVrLength)
{
  auto file = WithRule(R"({"Attribute": "StudyID", "Action": "Replace", "Value": "12345678901234567890"})");
  EXPECT_EQ(Get(*file, DCM_StudyID), "1234567890123456");   // SH: 16
}

TEST(AnonymizerRules, Pseudonymize)
{
  auto file = WithRule(R"({"Attribute": "AccessionNumber", "Action": "Pseudonymize", "Length": 8, "Format": "Digits"})");
  EXPECT_EQ(Get(*file, DCM_AccessionNumber), TestPseudonymizer().Pseudonym("value", "ACC998877", 8, PseudonymFormat::Digits));
  EXPECT_TRUE(std::regex_match(Get(*file, DCM_AccessionNumber), std::regex("^[0-9]{8}$")));
}

TEST(AnonymizerRules, RemapUidLeavesWellKnownUidsAlone)
{
  auto file = WithRule(R"({"Attribute": "SOPClassUID", "Action": "RemapUid"})");
  EXPECT_EQ(Get(*file, DCM_SOPClassUID), UID_CTImageStorage);
}

TEST(AnonymizerRules, ShiftDate)
{
  auto file = WithRule(R"({"Attribute": "StudyDate", "Action": "ShiftDate"},
                          {"Attribute": "AcquisitionDateTime", "Action": "ShiftDate"},
                          {"Attribute": "StudyTime", "Action": "ShiftDate"})",
                       R"("DateShift": {"MinDays": -10, "MaxDays": -10}, )");
  EXPECT_EQ(Get(*file, DCM_StudyDate), "20220305");
  EXPECT_EQ(Get(*file, DCM_AcquisitionDateTime), "20220305101612.123456");
  EXPECT_EQ(Get(*file, DCM_StudyTime), "101530");
}

TEST(AnonymizerRules, RegexReplace)
{
  auto file = WithRule(R"({"Attribute": "StudyDescription", "Action": "RegexReplace", "Pattern": "\\s+for\\s+\\w+$", "Replacement": ""})");
  EXPECT_EQ(Get(*file, DCM_StudyDescription), "CT HEAD");
}

TEST(AnonymizerRules, TruncateDate)
{
  auto file = WithRule(R"({"Attribute": "PatientBirthDate", "Action": "TruncateDate"},
                          {"Attribute": "StudyDate", "Action": "TruncateDate", "Precision": "Month"},
                          {"Attribute": "AcquisitionDateTime", "Action": "TruncateDate"})");
  EXPECT_EQ(Get(*file, DCM_PatientBirthDate), "19700101");
  EXPECT_EQ(Get(*file, DCM_StudyDate), "20220301");
  EXPECT_EQ(Get(*file, DCM_AcquisitionDateTime), "2022");
}

TEST(AnonymizerRules, Clean)
{
  auto file = WithRule(R"({"Attribute": "StudyDescription", "Action": "Clean"})");
  EXPECT_EQ(Get(*file, DCM_StudyDescription), "CT HEAD for ***");
}

TEST(AnonymizerRules, SequencesAreWalkedAndReferencesRemapped)
{
  auto file = MakeInstance();
  DcmDataset& ds = *file->getDataset();
  DcmItem* image = AddItem(ds, DCM_ReferencedImageSequence);        // X/Z/U*: kept, UIDs remapped
  image->putAndInsertString(DCM_ReferencedSOPClassUID, UID_CTImageStorage);
  image->putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.3.4.5.6.7");
  image->putAndInsertString(DCM_InstitutionName, "Nested Hospital");
  DcmItem* deeper = AddItem(*image, DCM_SourceImageSequence);
  deeper->putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.3.4.5.6.8");
  deeper->putAndInsertString(DCM_PatientName, "DEEP^NAME");
  DcmItem* study = AddItem(ds, DCM_ReferencedStudySequence);          // X/Z: emptied
  study->putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.3.4.5.6.9");
  DcmItem* request = AddItem(ds, DCM_RequestAttributesSequence);       // X: removed
  request->putAndInsertString(DCM_AccessionNumber, "REQACC");

  const AnonymizationReport report = RunProfile(BuiltinRegistry().Get("basic"), *file);
  EXPECT_TRUE(report.leaks.empty());
  const Pseudonymizer& p = TestPseudonymizer();
  EXPECT_EQ(NestedGet(*file, DCM_ReferencedImageSequence, DCM_ReferencedSOPInstanceUID), p.MapUid("1.2.3.4.5.6.7"));
  EXPECT_EQ(NestedGet(*file, DCM_ReferencedImageSequence, DCM_ReferencedSOPClassUID), UID_CTImageStorage);
  EXPECT_EQ(NestedGet(*file, DCM_ReferencedImageSequence, DCM_InstitutionName), "ANONYMIZED");
  DcmItem* deep = nullptr;
  ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_ReferencedImageSequence, image).good());
  ASSERT_TRUE(image->findAndGetSequenceItem(DCM_SourceImageSequence, deep).good());
  OFString value;
  deep->findAndGetOFString(DCM_ReferencedSOPInstanceUID, value);
  EXPECT_EQ(std::string(value.c_str()), p.MapUid("1.2.3.4.5.6.8"));
  deep->findAndGetOFString(DCM_PatientName, value);
  EXPECT_EQ(std::string(value.c_str()), "");

  EXPECT_FALSE(Has(*file, DCM_ReferencedStudySequence));  // X/Z on a sequence: removed
  EXPECT_FALSE(Has(*file, DCM_RequestAttributesSequence));
}

TEST(AnonymizerRules, WildcardAndAnchoredPaths)
{
  auto file = MakeInstance();
  DcmDataset& ds = *file->getDataset();
  DcmItem* image = AddItem(ds, DCM_ReferencedImageSequence);
  image->putAndInsertString(DCM_InstitutionName, "Nested Hospital");
  image->putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.3.4.5.6.7");
  DcmItem* request = AddItem(ds, DCM_RequestAttributesSequence);
  request->putAndInsertString(DCM_AccessionNumber, "REQACC");
  request->putAndInsertString(DCM_RequestedProcedureDescription, "CT for DOE");

  const auto profile = ProfileFromJson(R"({"Name": "p", "Extends": "teaching", "Rules": [
    {"Attribute": "*.InstitutionName", "Action": "Replace", "Value": "SOMEWHERE"},
    {"Attribute": "RequestAttributesSequence.AccessionNumber", "Action": "Remove"}]})");
  AnonymizationContext context;
  context.metadata["CaseId"] = "C1";
  RunProfile(profile, *file, context);
  EXPECT_EQ(Get(*file, DCM_InstitutionName), "SOMEWHERE");
  EXPECT_EQ(NestedGet(*file, DCM_ReferencedImageSequence, DCM_InstitutionName), "SOMEWHERE");
  // RequestAttributesSequence is C under Clean Descriptors: walked, its text cleaned.
  EXPECT_EQ(NestedGet(*file, DCM_RequestAttributesSequence, DCM_AccessionNumber), "<absent>");
  EXPECT_EQ(NestedGet(*file, DCM_RequestAttributesSequence, DCM_RequestedProcedureDescription), "CT for ***");
}

TEST(AnonymizerRules, PrivateTagRulesAddressTheRawTag)
{
  auto file = MakeInstance();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertString(DcmTag(0x0009, 0x0010, EVR_LO), "SOME CREATOR");
  ds.putAndInsertString(DcmTag(0x0009, 0x1001, EVR_LO), "keep me");
  ds.putAndInsertString(DcmTag(0x0009, 0x1002, EVR_LO), "drop me");
  const auto profile = ProfileFromJson(R"({"Name": "p", "Rules": [
    {"Attribute": "0009,0010", "Action": "Keep"}, {"Attribute": "0009,1001", "Action": "Keep"}]})");
  RunProfile(profile, *file);
  EXPECT_EQ(Get(*file, DcmTagKey(0x0009, 0x1001)), "keep me");
  EXPECT_FALSE(Has(*file, DcmTagKey(0x0009, 0x1002)));
}
