// Private attributes: removed by default, safe ones kept under RetainSafe, by creator under KeepCreators.
#include "TestSupport.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>

#include <gtest/gtest.h>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  std::unique_ptr<DcmFileFormat> WithPrivateTags()
  {
    auto file = MakeInstance();
    DcmDataset& ds = *file->getDataset();
    ds.putAndInsertString(DcmTag(0x0019, 0x0010, EVR_LO), "GEMS_ACQU_01");
    ds.putAndInsertString(DcmTag(0x0019, 0x1023, EVR_DS), "1.375");       // safe: Table Speed
    ds.putAndInsertString(DcmTag(0x0019, 0x1022, EVR_LO), "PRIVATE DOE"); // not in the safe list
    ds.putAndInsertString(DcmTag(0x0029, 0x0010, EVR_LO), "SIEMENS CSA HEADER");
    ds.putAndInsertString(DcmTag(0x0029, 0x1010, EVR_LO), "CSA MARKER");
    ds.putAndInsertString(DcmTag(0x0099, 0x0010, EVR_LO), "NQHeader");
    ds.putAndInsertString(DcmTag(0x0099, 0x1002, EVR_UI), "1.2.826.0.1.3680043.2.1125.1.2");  // safe UI: series UID
    ds.putAndInsertString(DcmTag(0x0011, 0x0010, EVR_LO), "ACME PRIVATE");
    ds.putAndInsertString(DcmTag(0x0011, 0x1001, EVR_LO), "acme value");
    ds.putAndInsertString(DcmTag(0x0011, 0x1102, EVR_LO), "orphan block");   // no creator for block 11
    return file;
  }
}

TEST(PrivateTags, RemovedByDefault)
{
  auto file = WithPrivateTags();
  const AnonymizationReport report = RunProfile(BuiltinRegistry().Get("basic"), *file);
  EXPECT_TRUE(report.leaks.empty());
  for (const DcmTagKey& tag : {DcmTagKey(0x0019, 0x0010), DcmTagKey(0x0019, 0x1023), DcmTagKey(0x0029, 0x1010),
                              DcmTagKey(0x0099, 0x1002), DcmTagKey(0x0011, 0x1001), DcmTagKey(0x0011, 0x1102)})
  {
    EXPECT_FALSE(Has(*file, tag)) << tag.toString();
  }
}

TEST(PrivateTags, RetainSafeKeepsTheSafeListOnly)
{
  auto file = WithPrivateTags();
  const auto profile = ProfileFromJson(R"({"Name": "p", "Extends": "basic", "Options": ["RetainSafePrivate"]})");
  const AnonymizationReport report = RunProfile(profile, *file);
  EXPECT_TRUE(report.leaks.empty()) << report.leaks.front();
  EXPECT_EQ(Get(*file, DcmTagKey(0x0019, 0x0010)), "GEMS_ACQU_01");
  EXPECT_EQ(Get(*file, DcmTagKey(0x0019, 0x1023)), "1.375");
  EXPECT_FALSE(Has(*file, DcmTagKey(0x0019, 0x1022)));
  EXPECT_FALSE(Has(*file, DcmTagKey(0x0029, 0x0010)));
  EXPECT_FALSE(Has(*file, DcmTagKey(0x0029, 0x1010)));
  EXPECT_FALSE(Has(*file, DcmTagKey(0x0011, 0x1001)));
  // A kept private UID that refers to a remapped UID follows the remapping.
  EXPECT_EQ(Get(*file, DcmTagKey(0x0099, 0x1002)), Get(*file, DCM_SeriesInstanceUID));
  EXPECT_EQ(profile->PrivateTags(), PrivateTagPolicy::RetainSafe);
}

TEST(PrivateTags, ProfilesCanExtendTheSafeList)
{
  auto file = WithPrivateTags();
  const auto profile = ProfileFromJson(R"({"Name": "p", "Extends": "basic", "PrivateTags": {"Policy": "RetainSafe",
    "SafeTags": [{"Group": "0011", "Creator": "ACME PRIVATE", "Elements": ["01"]}]}})");
  RunProfile(profile, *file);
  EXPECT_EQ(Get(*file, DcmTagKey(0x0011, 0x1001)), "acme value");
  EXPECT_EQ(Get(*file, DcmTagKey(0x0019, 0x1023)), "1.375");
  EXPECT_FALSE(Has(*file, DcmTagKey(0x0011, 0x1102)));
  EXPECT_TRUE(profile->HasOption(DeidentificationOption::RetainSafePrivate));
}

TEST(PrivateTags, KeepCreatorsKeepsWholeBlocks)
{
  auto file = WithPrivateTags();
  const auto profile = ProfileFromJson(R"({"Name": "p", "Extends": "basic",
    "PrivateTags": {"Policy": "KeepCreators", "Creators": ["SIEMENS CSA HEADER"]}})");
  RunProfile(profile, *file);
  EXPECT_EQ(Get(*file, DcmTagKey(0x0029, 0x0010)), "SIEMENS CSA HEADER");
  EXPECT_EQ(Get(*file, DcmTagKey(0x0029, 0x1010)), "CSA MARKER");
  EXPECT_FALSE(Has(*file, DcmTagKey(0x0019, 0x1023)));
  EXPECT_FALSE(Has(*file, DcmTagKey(0x0011, 0x1001)));
  EXPECT_FALSE(profile->ConformsToBasicProfile());
}

TEST(PrivateTags, PrivateSequencesAreWalked)
{
  auto file = MakeInstance();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertString(DcmTag(0x0011, 0x0010, EVR_LO), "ACME PRIVATE");
  DcmItem* item = nullptr;
  ds.findOrCreateSequenceItem(DcmTag(0x0011, 0x1010, EVR_SQ), item, -2);
  ASSERT_NE(item, nullptr);
  item->putAndInsertString(DCM_PatientName, "DOE^JOHN");
  item->putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.3.4.5.6.7");
  const auto profile = ProfileFromJson(R"({"Name": "p", "Extends": "basic",
    "PrivateTags": {"Policy": "KeepCreators", "Creators": ["ACME PRIVATE"]}})");
  const AnonymizationReport report = RunProfile(profile, *file);
  EXPECT_TRUE(report.leaks.empty());
  ASSERT_TRUE(ds.findAndGetSequenceItem(DcmTagKey(0x0011, 0x1010), item).good());
  OFString value;
  item->findAndGetOFString(DCM_PatientName, value);
  EXPECT_EQ(std::string(value.c_str()), "");
  item->findAndGetOFString(DCM_ReferencedSOPInstanceUID, value);
  EXPECT_EQ(std::string(value.c_str()), TestPseudonymizer().MapUid("1.2.3.4.5.6.7"));
}
