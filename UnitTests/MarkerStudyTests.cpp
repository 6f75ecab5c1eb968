// The marker test: a multi-instance study where every attribute of Table E.1-1 with a writable VR
// holds a unique marker at the top level and inside a nested sequence item, plus private tags with
// markers and cross-references between instances. After each built-in profile: no marker that should
// go survives anywhere in the output bytes, kept ones are kept, and UID references still resolve.
#include "TestSupport.h"

#include "Core/DateShift.h"
#include "Core/DicomBuffer.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <iostream>
#include <set>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  const uint32_t Container = 0x00400260;   // PerformedProtocolCodeSequence: not in Table E.1-1
  const size_t Instances = 3;

  struct Marker
  {
    uint32_t tag = 0;
    std::string vr;
    bool nested = false;                 // inside the container's item
    bool inSequenceRow = false;          // CodeMeaning inside the item of an SQ row of the table
    std::vector<std::string> needles;    // what must (not) be found in the bytes
  };

  std::string Hex(uint32_t tag)
  {
    char text[16];
    std::snprintf(text, sizeof(text), "(%04X,%04X)", tag >> 16, tag & 0xffff);
    return text;
  }

  std::string Padded(unsigned int id)
  {
    char text[8];
    std::snprintf(text, sizeof(text), "%05u", id);
    return text;
  }

  std::string DateOf(unsigned int id)
  {
    // 400 days apart: a shift of 1..365 days never turns one marker date into another.
    int y = 0;
    unsigned int m = 0, d = 0;
    DateShift::CivilFromDays(DateShift::DaysFromCivil(1000, 1, 1) + 400L * id, y, m, d);
    char text[16];
    std::snprintf(text, sizeof(text), "%04d%02u%02u", y, m, d);
    return text;
  }

  bool Writable(const std::string& vr)
  {
    static const std::set<std::string> vrs = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN",
                                              "SH", "ST", "TM", "UC", "UI", "UR", "UT", "SQ"};
    return vrs.count(vr) != 0;
  }

  // The marker value of one attribute at one place, and the strings to look for.
  std::string MarkerValue(const std::string& vr, unsigned int id, std::vector<std::string>& needles)
  {
    const std::string n = Padded(id);
    std::string value;
    if (vr == "PN") { value = "MKF" + n + "^MKG" + n; needles = {"MKF" + n, "MKG" + n}; return value; }
    if (vr == "CS") value = "MK_" + n;
    else if (vr == "UI") value = "1.2.3.999.1" + n;
    else if (vr == "DA") value = DateOf(id);
    else if (vr == "DT") value = DateOf(id) + "123456";
    else if (vr == "TM") value = "101010." + n + "1";
    else if (vr == "DS") value = "7" + n + ".375";
    else if (vr == "IS") value = "-8" + n;
    else if (vr == "AS") value = std::to_string(100 + id % 900).substr(0, 3) + "W";
    else if (vr == "UR") value = "http://mk" + n + ".example/";
    else value = "MK" + n + "T";   // AE LO LT SH ST UC UT
    needles = {value};
    return value;
  }

  struct Study
  {
    std::vector<std::string> files;   // Part 10 bytes per instance
    std::vector<Marker> markers;
    std::vector<std::string> sopUids;
    std::vector<std::string> privateRemoved;   // private markers no built-in profile keeps
  };

  void Put(DcmItem& item, uint32_t tag, const std::string& vr, const std::string& value)
  {
    const DcmTag key(static_cast<Uint16>(tag >> 16), static_cast<Uint16>(tag & 0xffff), DcmVR(vr.c_str()));
    ASSERT_TRUE(item.putAndInsertString(key, value.c_str()).good()) << Hex(tag) << " " << vr;
  }

  Study MakeStudy()
  {
    Study study;
    const std::shared_ptr<const ConfidentialityTable> table = Table();
    for (size_t k = 0; k < Instances; ++k)
    {
      study.sopUids.push_back("1.2.3.888.1.1.1000" + std::to_string(k + 1));
    }
    for (size_t k = 0; k < Instances; ++k)
    {
      DcmFileFormat file;
      DcmDataset& ds = *file.getDataset();
      ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
      ds.putAndInsertString(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
      DcmItem* container = nullptr;
      ds.findOrCreateSequenceItem(DcmTagKey(Container >> 16, Container & 0xffff), container, -2);
      unsigned int id = 1;
      for (const TableRow& row : table->Rows())
      {
        const uint16_t group = static_cast<uint16_t>(row.tag >> 16);
        if (row.kind != TableRowKind::Attribute || !Writable(row.vr) || group == 0x0000 || group == 0x0002 ||
            group == 0xfffa || group == 0xfffc)
        {
          continue;
        }
        for (int place = 0; place < 2; ++place)
        {
          DcmItem& target = place == 0 ? static_cast<DcmItem&>(ds) : *container;
          Marker marker;
          marker.tag = row.tag;
          marker.vr = row.vr;
          marker.nested = (place == 1);
          const unsigned int markerId = id++;
          if (row.vr == "SQ")
          {
            DcmItem* item = nullptr;
            target.findOrCreateSequenceItem(DcmTagKey(group, row.tag & 0xffff), item, -2);
            const std::string meaning = "MK" + Padded(markerId) + "S";
            item->putAndInsertString(DCM_CodeMeaning, meaning.c_str());
            if (row.tag == 0x00081140 && k > 0)   // ReferencedImageSequence: cross-reference
            {
              item->putAndInsertString(DCM_ReferencedSOPClassUID, UID_SecondaryCaptureImageStorage);
              item->putAndInsertString(DCM_ReferencedSOPInstanceUID, study.sopUids[k - 1].c_str());
            }
            marker.inSequenceRow = true;
            marker.needles = {meaning};
          }
          else
          {
            std::string value = MarkerValue(row.vr, markerId, marker.needles);
            if (place == 0 && row.tag == 0x00080018)
            {
              value = study.sopUids[k];   // one SOP Instance UID per instance
              marker.needles = {};
            }
            Put(target, row.tag, row.vr, value);
          }
          if (k == 0)
          {
            study.markers.push_back(marker);
          }
        }
      }
      // Private attributes with markers: a safe one, an unsafe one, another creator, and nested.
      Put(ds, 0x00190010, "LO", "GEMS_ACQU_01");
      Put(ds, 0x00191023, "DS", "4242.125");                  // safe: Table Speed
      Put(ds, 0x00191022, "LO", "MKPRIVATE01");
      Put(ds, 0x00290010, "LO", "MK CREATOR");
      Put(ds, 0x00291010, "LT", "MKPRIVATE02");
      Put(*container, 0x00110010, "LO", "MK NESTED CREATOR");
      Put(*container, 0x00111001, "SH", "MKPRIVATE03");
      study.privateRemoved = {"MKPRIVATE01", "MKPRIVATE02", "MKPRIVATE03", "MK CREATOR", "MK NESTED CREATOR"};

      DcmMetaInfo& meta = *file.getMetaInfo();
      meta.putAndInsertString(DCM_MediaStorageSOPClassUID, UID_SecondaryCaptureImageStorage);
      meta.putAndInsertString(DCM_MediaStorageSOPInstanceUID, study.sopUids[k].c_str());
      meta.putAndInsertString(DCM_TransferSyntaxUID, UID_LittleEndianExplicitTransferSyntax);
      meta.putAndInsertString(DCM_SourceApplicationEntityTitle, "MKSOURCEAE");
      ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
      study.files.push_back(ToBytes(file));
    }
    return study;
  }

  const Study& TheStudy()
  {
    static const Study study = MakeStudy();
    return study;
  }

  // Whether the profile makes the original value disappear, from its resolved rules.
  bool ShouldGo(const ResolvedProfile& profile, uint32_t tag, const std::string& vr, const std::vector<uint32_t>& parents)
  {
    const AttributeAction* action = profile.Rules().Find(tag, parents);
    const ActionKind kind = action == nullptr ? profile.DefaultAction().kind : action->kind;
    const bool date = vr == "DA" || vr == "DT";
    switch (kind)
    {
      case ActionKind::Keep: return false;
      case ActionKind::Remove: case ActionKind::Empty: case ActionKind::Dummy: return true;
      case ActionKind::Clean: return date || vr == "UI" || tag == 0x00080201;   // a marker is no UTC offset
      case ActionKind::RemapUid: return vr != "SQ";
      case ActionKind::Replace: case ActionKind::Pseudonymize: case ActionKind::TruncateDate: return true;
      case ActionKind::ShiftDate: return date;
      case ActionKind::RegexReplace: return false;
    }
    return true;
  }

  std::string GetUid(DcmItem& item, const DcmTagKey& tag)
  {
    OFString value;
    item.findAndGetOFString(tag, value);
    return value.c_str();
  }
}

class MarkerStudy : public ::testing::TestWithParam<std::string>
{
};

TEST_P(MarkerStudy, NothingThatShouldGoSurvivesAndReferencesResolve)
{
  const Study& study = TheStudy();
  ASSERT_GT(study.markers.size(), 900u);   // ~470 writable rows, twice
  const auto profile = BuiltinRegistry().Get(GetParam());
  Anonymizer anonymizer(profile, TestPseudonymizer());
  AnonymizationContext context;
  context.metadata["CaseId"] = "CASE-MARKER";
  context.failOnLeak = false;

  const bool containerGoes = ShouldGo(*profile, Container, "SQ", {});
  std::vector<std::string> outputs;
  std::vector<AnonymizationReport> reports;
  for (const std::string& input : study.files)
  {
    AnonymizationReport report;
    outputs.push_back(anonymizer.AnonymizeBuffer(input.data(), input.size(), context, report));
    reports.push_back(report);
    EXPECT_TRUE(report.leaks.empty()) << GetParam() << ": leak at " << report.leaks.front();
  }

  size_t gone = 0, kept = 0;
  for (const Marker& marker : study.markers)
  {
    const std::vector<uint32_t> parents = marker.nested ? std::vector<uint32_t>{Container} : std::vector<uint32_t>{};
    const bool goes = (marker.nested && containerGoes) || ShouldGo(*profile, marker.tag, marker.vr, parents);
    for (const std::string& needle : marker.needles)
    {
      ASSERT_NE(study.files[0].find(needle), std::string::npos) << "marker missing from the input: " << Hex(marker.tag);
      for (size_t k = 0; k < outputs.size(); ++k)
      {
        const bool found = outputs[k].find(needle) != std::string::npos;
        if (goes)
        {
          EXPECT_FALSE(found) << GetParam() << ": " << Hex(marker.tag) << " " << marker.vr
                              << (marker.nested ? " (nested)" : "") << " survives in instance " << k;
        }
        else
        {
          EXPECT_TRUE(found) << GetParam() << ": " << Hex(marker.tag) << " " << marker.vr
                             << (marker.nested ? " (nested)" : "") << " should be kept in instance " << k;
        }
      }
    }
    (goes ? gone : kept)++;
  }
  EXPECT_GT(gone, 600u) << GetParam();
  std::cout << "  " << GetParam() << ": " << study.markers.size() << " markers per instance, " << gone
            << " must go, " << kept << " must stay" << std::endl;

  for (const std::string& output : outputs)
  {
    for (const std::string& needle : study.privateRemoved)
    {
      EXPECT_EQ(output.find(needle), std::string::npos) << GetParam() << ": private " << needle;
    }
    EXPECT_EQ(output.find("MKSOURCEAE"), std::string::npos) << GetParam();
    EXPECT_EQ(output.find("1.2.3.888.1.1.1000"), std::string::npos) << GetParam() << ": an original SOP Instance UID";
  }

  // UID consistency: one study, one series, distinct instances, meta header = dataset, references resolve.
  std::vector<std::unique_ptr<DcmFileFormat>> files;
  for (const std::string& output : outputs)
  {
    files.push_back(DicomBuffer::Read(output.data(), output.size()));
  }
  std::set<std::string> sops;
  for (size_t k = 0; k < files.size(); ++k)
  {
    DcmDataset& ds = *files[k]->getDataset();
    EXPECT_EQ(GetUid(ds, DCM_StudyInstanceUID), GetUid(*files[0]->getDataset(), DCM_StudyInstanceUID));
    EXPECT_EQ(GetUid(ds, DCM_SeriesInstanceUID), GetUid(*files[0]->getDataset(), DCM_SeriesInstanceUID));
    EXPECT_EQ(GetUid(*files[k]->getMetaInfo(), DCM_MediaStorageSOPInstanceUID), GetUid(ds, DCM_SOPInstanceUID));
    EXPECT_EQ(GetUid(ds, DCM_SOPInstanceUID), TestPseudonymizer().MapUid(study.sopUids[k]));
    EXPECT_EQ(reports[k].newSopInstanceUid, GetUid(ds, DCM_SOPInstanceUID));
    sops.insert(GetUid(ds, DCM_SOPInstanceUID));
    EXPECT_EQ(GetUid(ds, DCM_PatientIdentityRemoved), "YES");
    if (k > 0 && !ShouldGo(*profile, 0x00081140, "SQ", {}))
    {
      DcmItem* item = nullptr;
      ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_ReferencedImageSequence, item, 0).good()) << GetParam();
      EXPECT_EQ(GetUid(*item, DCM_ReferencedSOPInstanceUID), GetUid(*files[k - 1]->getDataset(), DCM_SOPInstanceUID))
        << GetParam() << ": the reference to the previous instance no longer resolves";
    }
  }
  EXPECT_EQ(sops.size(), files.size());
}

INSTANTIATE_TEST_SUITE_P(BuiltinProfiles, MarkerStudy, ::testing::Values("basic", "teaching", "research", "whitelist"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(MarkerStudyRetainSafePrivate, SafePrivateMarkersStayAndUnsafeOnesGo)
{
  const Study& study = TheStudy();
  const auto profile = ProfileFromJson(R"({"Name": "safe", "Extends": "basic", "Options": ["RetainSafePrivate"]})");
  Anonymizer anonymizer(profile, TestPseudonymizer());
  AnonymizationContext context;
  AnonymizationReport report;
  const std::string output = anonymizer.AnonymizeBuffer(study.files[0].data(), study.files[0].size(), context, report);
  EXPECT_NE(output.find("4242.125"), std::string::npos);
  EXPECT_NE(output.find("GEMS_ACQU_01"), std::string::npos);
  for (const std::string& needle : study.privateRemoved)
  {
    EXPECT_EQ(output.find(needle), std::string::npos) << needle;
  }
}
