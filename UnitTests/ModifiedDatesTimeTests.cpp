// Times under Retain Longitudinal Temporal Information with Modified Dates: dates move by whole days,
// so every time of day stays as it was (in TM and in the time part of DT) and intervals stay exact;
// Timezone Offset From UTC stays when it is an offset and goes when it holds anything else.
#include "TestSupport.h"

#include "Core/DateShift.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  const std::vector<std::string> DateShiftingProfiles = {"teaching", "research"};

  AnonymizationContext Context()
  {
    AnonymizationContext context;
    context.metadata["CaseId"] = "CASE-1";
    return context;
  }

  // The output of MakeInstance() (plus `offset` as Timezone Offset From UTC) under `profile`.
  std::unique_ptr<DcmFileFormat> Anonymized(const std::string& profile, const std::string& offset,
                                            AnonymizationReport& report)
  {
    auto file = MakeInstance();
    DcmDataset& ds = *file->getDataset();
    ds.putAndInsertString(DCM_TimezoneOffsetFromUTC, offset.c_str());
    ds.putAndInsertString(DCM_SeriesTime, "235959.999");
    ds.putAndInsertString(DCM_FrameReferenceDateTime, "20220315233000+0100");
    report = RunProfile(BuiltinRegistry().Get(profile), *file, Context());
    return file;
  }
}

TEST(TimesUnderModifiedDates, TimesOfDayStayAndDatesMoveByWholeDays)
{
  for (const std::string& name : DateShiftingProfiles)
  {
    SCOPED_TRACE("profile " + name);
    ASSERT_TRUE(BuiltinRegistry().Get(name)->HasOption(DeidentificationOption::RetainLongitudinalModifiedDates));
    AnonymizationReport report;
    auto file = Anonymized(name, "+0100", report);
    const std::string studyDate = Get(*file, DCM_StudyDate);
    ASSERT_EQ(studyDate.size(), 8u);
    EXPECT_NE(studyDate, "20220315");
    EXPECT_EQ(Get(*file, DCM_StudyTime), "101530");
    EXPECT_EQ(Get(*file, DCM_SeriesTime), "235959.999");   // no carry into the date: nothing moved by less than a day
    EXPECT_EQ(Get(*file, DCM_AcquisitionDateTime), studyDate + "101612.123456");
    EXPECT_EQ(Get(*file, DCM_FrameReferenceDateTime), studyDate + "233000+0100");
    EXPECT_EQ(Get(*file, DCM_TimezoneOffsetFromUTC), "+0100");
    EXPECT_TRUE(report.leaks.empty());
  }
}

TEST(TimesUnderModifiedDates, ATimezoneOffsetIsKeptAnythingElseIsRemoved)
{
  for (const std::string& name : DateShiftingProfiles)
  {
    SCOPED_TRACE("profile " + name);
    for (const char* offset : {"-0500", "+0545", "+1400", "-1200"})
    {
      AnonymizationReport report;
      auto file = Anonymized(name, offset, report);
      EXPECT_EQ(Get(*file, DCM_TimezoneOffsetFromUTC), offset);
      EXPECT_TRUE(report.warnings.empty());
    }
    for (const char* text : {"Europe/Berlin", "UTC+1", "+01:00", "+2500", "-0000", "Oslo St Elsewhere"})
    {
      AnonymizationReport report;
      auto file = Anonymized(name, text, report);
      EXPECT_FALSE(Has(*file, DCM_TimezoneOffsetFromUTC)) << text;
      ASSERT_EQ(report.warnings.size(), 1u) << text;
      EXPECT_NE(report.warnings[0].find("TimezoneOffsetFromUTC"), std::string::npos) << report.warnings[0];
      EXPECT_EQ(report.warnings[0].find(text), std::string::npos) << report.warnings[0];
      EXPECT_TRUE(report.leaks.empty()) << text;
    }
  }
}

TEST(TimesUnderModifiedDates, TheOtherProfilesTreatTheOffsetAsTheTableSays)
{
  AnonymizationReport report;
  auto basic = Anonymized("basic", "+0100", report);
  EXPECT_FALSE(Has(*basic, DCM_TimezoneOffsetFromUTC));   // X
  const auto fullDates = ProfileFromJson(R"({"Name": "p", "Extends": "basic",
    "Options": ["RetainLongitudinalFullDates"]})");
  auto file = MakeInstance();
  file->getDataset()->putAndInsertString(DCM_TimezoneOffsetFromUTC, "-0500");
  RunProfile(fullDates, *file, Context());
  EXPECT_EQ(Get(*file, DCM_TimezoneOffsetFromUTC), "-0500");   // K
}
