// The leak check judges the original values that survive, not the values the engine wrote: a date it
// shifted onto another original date of the instance (dates k days apart, k = the patient's shift), a
// replacement from the job's metadata... are not survivors. Kept and partially cleaned values are still
// searched for every original value, so the check stays as strict everywhere else.
#include "TestSupport.h"

#include "Core/DateShift.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  const char* const StudyDay = "20220315";   // MakeInstance's StudyDate, SeriesDate and ContentDate

  // The built-in profiles that shift dates (Retain Longitudinal Temporal Information with Modified Dates).
  std::vector<std::string> DateShiftingProfiles()
  {
    std::vector<std::string> names;
    for (const std::string& name : BuiltinRegistry().ListNames())
    {
      if (BuiltinRegistry().Get(name)->HasOption(DeidentificationOption::RetainLongitudinalModifiedDates))
      {
        names.push_back(name);
      }
    }
    return names;
  }

  AnonymizationContext StrictContext()
  {
    AnonymizationContext context;   // failOnLeak = true
    context.metadata["CaseId"] = "CASE-1";
    return context;
  }

  long DayNumber(const std::string& da)
  {
    return DateShift::DaysFromCivil(std::stoi(da.substr(0, 4)), static_cast<unsigned int>(std::stoi(da.substr(4, 2))),
                                    static_cast<unsigned int>(std::stoi(da.substr(6, 2))));
  }

  std::string Shifted(const std::string& da, int days)
  {
    std::string shifted;
    EXPECT_TRUE(DateShift::ShiftDa(da, days, shifted)) << da;
    return shifted;
  }

  std::string Dashed(const std::string& da)
  {
    return da.substr(0, 4) + "-" + da.substr(4, 2) + "-" + da.substr(6, 2);
  }

  // The patient's shift under `profile`, as the engine applies it (MakeInstance's patient).
  int ShiftOf(const std::string& profile)
  {
    auto probe = MakeInstance();
    RunProfile(BuiltinRegistry().Get(profile), *probe, StrictContext());
    const std::string shifted = Get(*probe, DCM_StudyDate);
    EXPECT_EQ(shifted.size(), 8u) << profile;
    return static_cast<int>(DayNumber(shifted) - DayNumber(StudyDay));
  }

  DcmItem& NewItem(DcmItem& parent, const DcmTagKey& sequence)
  {
    DcmItem* item = nullptr;
    EXPECT_TRUE(parent.findOrCreateSequenceItem(sequence, item, -2).good());
    return *item;
  }

  // MakeInstance's patient, with other dates `other` (DA) of this instance, at the top level and nested,
  // in DA and DT: once shifted, the study's dates become `other`.
  std::unique_ptr<DcmFileFormat> InstanceWithOtherDates(const std::string& other)
  {
    auto file = MakeInstance();
    DcmDataset& ds = *file->getDataset();
    ds.putAndInsertString(DCM_AdmittingDate, other.c_str());
    ds.putAndInsertString(DCM_PerformedProcedureStepStartDateTime, (other + "074500").c_str());
    NewItem(ds, DCM_RequestAttributesSequence).putAndInsertString(DCM_ScheduledProcedureStepStartDate, other.c_str());
    DcmItem& frame = NewItem(NewItem(ds, DCM_PerFrameFunctionalGroupsSequence), DCM_FrameContentSequence);
    frame.putAndInsertString(DCM_FrameReferenceDateTime, (other + "080000").c_str());
    // Written by the engine at depth 2: a DT and a DA (the DA's place is synthetic: the place is what counts).
    frame.putAndInsertString(DCM_FrameAcquisitionDateTime, (std::string(StudyDay) + "101612.5").c_str());
    frame.putAndInsertString(DCM_ContentDate, StudyDay);
    return file;
  }

  std::string NestedFrameValue(DcmFileFormat& file, const DcmTagKey& tag)
  {
    DcmItem* functional = nullptr;
    DcmItem* frame = nullptr;
    const char* value = nullptr;
    if (file.getDataset()->findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, functional).bad() ||
        functional->findAndGetSequenceItem(DCM_FrameContentSequence, frame).bad() ||
        frame->findAndGetString(tag, value).bad() || value == nullptr)
    {
      return "";
    }
    return value;
  }
}

TEST(LeakCheckOfWrittenValues, EveryDateShiftingBuiltinProfileIsCovered)
{
  const std::vector<std::string> names = DateShiftingProfiles();
  EXPECT_NE(std::find(names.begin(), names.end(), "teaching"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "research"), names.end());
}

TEST(LeakCheckOfWrittenValues, DatesThePatientsShiftApartAreNotSurvivors)
{
  for (const std::string& name : DateShiftingProfiles())
  {
    SCOPED_TRACE("profile " + name);
    const int shift = ShiftOf(name);
    ASSERT_LT(shift, 0);
    const std::string other = Shifted(StudyDay, shift);   // -shift days before the study: an admission...
    auto file = InstanceWithOtherDates(other);
    Anonymizer anonymizer(BuiltinRegistry().Get(name), TestPseudonymizer());
    AnonymizationReport report;
    ASSERT_NO_THROW(report = anonymizer.Apply(*file, StrictContext()));
    EXPECT_TRUE(report.leaks.empty());

    // The written values do equal the other original dates (so the case above is the one of the issue)...
    EXPECT_EQ(Get(*file, DCM_StudyDate), other);
    EXPECT_EQ(Get(*file, DCM_SeriesDate), other);
    EXPECT_EQ(Get(*file, DCM_ContentDate), other);
    EXPECT_EQ(Get(*file, DCM_AcquisitionDateTime), other + "101612.123456");
    EXPECT_EQ(NestedFrameValue(*file, DCM_FrameAcquisitionDateTime), other + "101612.5");
    EXPECT_EQ(NestedFrameValue(*file, DCM_ContentDate), other);
    // ...and the other dates moved as well.
    EXPECT_EQ(Get(*file, DCM_AdmittingDate), Shifted(other, shift));
    EXPECT_EQ(NestedFrameValue(*file, DCM_FrameReferenceDateTime), Shifted(other, shift) + "080000");
  }
}

TEST(LeakCheckOfWrittenValues, AKeptTextHoldingTheOtherOriginalDateIsStillASurvivor)
{
  for (const std::string& name : DateShiftingProfiles())
  {
    SCOPED_TRACE("profile " + name);
    const std::string other = Shifted(StudyDay, ShiftOf(name));
    auto file = InstanceWithOtherDates(other);
    // Manufacturer and Frame Label are not in Table E.1-1: every profile but whitelist keeps them.
    file->getDataset()->putAndInsertString(DCM_Manufacturer, ("ACME, admitted " + Dashed(other)).c_str());
    DcmItem* functional = nullptr;
    DcmItem* frame = nullptr;
    ASSERT_TRUE(file->getDataset()->findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, functional).good());
    ASSERT_TRUE(functional->findAndGetSequenceItem(DCM_FrameContentSequence, frame).good());
    frame->putAndInsertString(DCM_FrameLabel, ("frame of " + other).c_str());

    const AnonymizationReport report = RunProfile(BuiltinRegistry().Get(name), *file, StrictContext());
    EXPECT_EQ(report.leaks, (std::vector<std::string>{
      "Manufacturer", "PerFrameFunctionalGroupsSequence[0].FrameContentSequence[0].FrameLabel"}));
  }
}

TEST(LeakCheckOfWrittenValues, APartlyRewrittenValueIsStillSearched)
{
  const std::string other = Shifted(StudyDay, ShiftOf("teaching"));
  const auto profile = ProfileFromJson(R"({"Name": "p", "Extends": "teaching", "Rules": [
    {"Attribute": "Manufacturer", "Action": "RegexReplace", "Pattern": "ACME", "Replacement": "Vendor"}]})");
  auto file = InstanceWithOtherDates(other);
  file->getDataset()->putAndInsertString(DCM_Manufacturer, ("ACME " + other).c_str());
  const AnonymizationReport report = RunProfile(profile, *file, StrictContext());
  EXPECT_EQ(Get(*file, DCM_Manufacturer), "Vendor " + other);
  EXPECT_EQ(report.leaks, std::vector<std::string>{"Manufacturer"});
}

TEST(LeakCheckOfWrittenValues, CleanStillBlanksTheOtherOriginalDate)
{
  const std::string other = Shifted(StudyDay, ShiftOf("teaching"));
  auto file = InstanceWithOtherDates(other);
  file->getDataset()->putAndInsertString(DCM_StudyDescription, ("CT, admitted " + Dashed(other)).c_str());
  const AnonymizationReport report = RunProfile(BuiltinRegistry().Get("teaching"), *file, StrictContext());
  EXPECT_EQ(Get(*file, DCM_StudyDescription), "CT, admitted **********");
  EXPECT_EQ(Get(*file, DCM_StudyDate), other);
  EXPECT_TRUE(report.leaks.empty());
}

TEST(LeakCheckOfWrittenValues, AReplacementFromTheJobsMetadataIsNotASurvivor)
{
  // A case identifier made of a date that happens to be an original date of the instance.
  const std::string other = Shifted(StudyDay, ShiftOf("teaching"));
  auto file = InstanceWithOtherDates(other);
  AnonymizationContext context = StrictContext();
  context.metadata["CaseId"] = "TF-" + other;
  Anonymizer anonymizer(BuiltinRegistry().Get("teaching"), TestPseudonymizer());
  AnonymizationReport report;
  ASSERT_NO_THROW(report = anonymizer.Apply(*file, context));
  EXPECT_EQ(Get(*file, DCM_PatientID), "TF-" + other);
  EXPECT_TRUE(report.leaks.empty());
}

TEST(LeakCheckOfWrittenValues, APseudonymOrANewUidEqualToAnotherOriginalIsNotASurvivor)
{
  // Another attribute of the instance holds, as an original, exactly what the engine writes elsewhere.
  auto probe = MakeInstance();
  RunProfile(BuiltinRegistry().Get("research"), *probe, StrictContext());
  const std::string pseudonym = Get(*probe, DCM_PatientID);
  const std::string newStudyUid = Get(*probe, DCM_StudyInstanceUID);
  ASSERT_EQ(pseudonym.size(), 16u);

  auto file = MakeInstance();
  file->getDataset()->putAndInsertString(DCM_AccessionNumber, pseudonym.c_str());
  NewItem(*file->getDataset(), DCM_ReferencedStudySequence)
    .putAndInsertString(DCM_ReferencedSOPInstanceUID, newStudyUid.c_str());
  Anonymizer anonymizer(BuiltinRegistry().Get("research"), TestPseudonymizer());
  AnonymizationReport report;
  ASSERT_NO_THROW(report = anonymizer.Apply(*file, StrictContext()));
  EXPECT_EQ(Get(*file, DCM_PatientID), pseudonym);
  EXPECT_EQ(Get(*file, DCM_StudyInstanceUID), newStudyUid);
  EXPECT_TRUE(report.leaks.empty());
}
