// The built-in profiles on a typical CT instance: what goes, what stays, what changes.
#include "TestSupport.h"

#include "Core/DeidentificationMarker.h"
#include "Core/DicomBuffer.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <gtest/gtest.h>

#include <regex>
#include <set>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  std::set<std::string> Codes(DcmFileFormat& file)
  {
    std::set<std::string> codes;
    DcmItem* item = nullptr;
    for (int i = 0; file.getDataset()->findAndGetSequenceItem(DCM_DeidentificationMethodCodeSequence, item, i).good(); ++i)
    {
      OFString value, scheme;
      item->findAndGetOFString(DCM_CodeValue, value);
      item->findAndGetOFString(DCM_CodingSchemeDesignator, scheme);
      EXPECT_EQ(std::string(scheme.c_str()), "DCM");
      codes.insert(value.c_str());
    }
    return codes;
  }

  std::string MetaSopInstance(DcmFileFormat& file)
  {
    OFString value;
    file.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPInstanceUID, value);
    return value.c_str();
  }
}

TEST(AnonymizerProfiles, BasicAppliesTheTable)
{
  auto file = MakeInstance();
  const auto profile = BuiltinRegistry().Get("basic");
  const AnonymizationReport report = RunProfile(profile, *file);
  const Pseudonymizer& p = TestPseudonymizer();

  EXPECT_TRUE(report.leaks.empty());
  EXPECT_TRUE(Has(*file, DCM_PatientName));                 // Z: present, empty
  EXPECT_EQ(Get(*file, DCM_PatientName), "");
  EXPECT_EQ(Get(*file, DCM_PatientID), "ANONYMIZED");        // Z/D -> D
  EXPECT_EQ(Get(*file, DCM_PatientBirthDate), "");           // Z
  EXPECT_EQ(Get(*file, DCM_PatientSex), "");                 // Z
  EXPECT_FALSE(Has(*file, DCM_PatientAge));                  // X
  EXPECT_FALSE(Has(*file, DCM_PatientWeight));               // X
  EXPECT_EQ(Get(*file, DCM_StudyDate), "");                  // Z
  EXPECT_EQ(Get(*file, DCM_ContentDate), "19000101");        // Z/D -> D
  EXPECT_EQ(Get(*file, DCM_AcquisitionDateTime), "19000101000000");   // X/Z/D -> D
  EXPECT_EQ(Get(*file, DCM_AccessionNumber), "");
  EXPECT_EQ(Get(*file, DCM_InstitutionName), "ANONYMIZED");  // X/Z/D -> D
  EXPECT_FALSE(Has(*file, DCM_StudyDescription));            // X
  EXPECT_EQ(Get(*file, DCM_ReferringPhysicianName), "");     // Z

  EXPECT_EQ(Get(*file, DCM_StudyInstanceUID), p.MapUid("1.2.826.0.1.3680043.2.1125.1"));
  EXPECT_EQ(Get(*file, DCM_SeriesInstanceUID), p.MapUid("1.2.826.0.1.3680043.2.1125.1.2"));
  EXPECT_EQ(Get(*file, DCM_SOPInstanceUID), p.MapUid("1.2.826.0.1.3680043.2.1125.1.2.3"));
  EXPECT_EQ(Get(*file, DCM_FrameOfReferenceUID), p.MapUid("1.2.826.0.1.3680043.2.1125.1.9"));
  EXPECT_EQ(Get(*file, DCM_SOPClassUID), UID_CTImageStorage);
  EXPECT_EQ(MetaSopInstance(*file), Get(*file, DCM_SOPInstanceUID));
  EXPECT_FALSE(file->getMetaInfo()->tagExists(DCM_SourceApplicationEntityTitle));

  EXPECT_EQ(Get(*file, DCM_Modality), "CT");                 // not in the table: kept
  EXPECT_EQ(Get(*file, DCM_KVP), "120");
  EXPECT_EQ(Get(*file, DCM_Manufacturer), "ACME");
  EXPECT_EQ(Get(*file, DCM_SpecificCharacterSet), "ISO_IR 100");

  EXPECT_EQ(Get(*file, DCM_PatientIdentityRemoved), "YES");
  EXPECT_EQ(Get(*file, DCM_DeidentificationMethod),
            "Ratatoskr basic v1 #" + profile->Hash() + " key " + TestPseudonymizer().KeyId());
  EXPECT_EQ(Codes(*file), (std::set<std::string>{"113100"}));
  EXPECT_EQ(Get(*file, DCM_LongitudinalTemporalInformationModified), "REMOVED");

  EXPECT_EQ(report.newStudyInstanceUid, Get(*file, DCM_StudyInstanceUID));
  EXPECT_EQ(report.newSopInstanceUid, Get(*file, DCM_SOPInstanceUID));
  EXPECT_EQ(report.originalStudyUidHash.size(), 16u);
  EXPECT_EQ(report.originalStudyUidHash.find("1.2.826"), std::string::npos);
  EXPECT_GT(report.removed, 0u);
  EXPECT_GT(report.emptied, 0u);
  EXPECT_GT(report.replaced, 0u);
  EXPECT_GE(report.remapped, 4u);
}

TEST(AnonymizerProfiles, PixelDataIsUntouched)
{
  auto file = MakeInstance();
  const Uint16* before = nullptr;
  file->getDataset()->findAndGetUint16Array(DCM_PixelData, before);
  const std::vector<Uint16> original(before, before + 64);
  RunProfile(BuiltinRegistry().Get("basic"), *file);
  const Uint16* after = nullptr;
  ASSERT_TRUE(file->getDataset()->findAndGetUint16Array(DCM_PixelData, after).good());
  EXPECT_EQ(std::vector<Uint16>(after, after + 64), original);
}

TEST(AnonymizerProfiles, TeachingKeepsCharacteristicsShiftsDatesAndUsesTheCaseId)
{
  AnonymizationContext context;
  context.metadata["CaseId"] = "TC-0042";
  auto file = MakeInstance();
  const AnonymizationReport report = RunProfile(BuiltinRegistry().Get("teaching"), *file, context);
  EXPECT_TRUE(report.leaks.empty()) << report.leaks.front();

  EXPECT_EQ(Get(*file, DCM_PatientName), "TC-0042");
  EXPECT_EQ(Get(*file, DCM_PatientID), "TC-0042");
  EXPECT_EQ(Get(*file, DCM_PatientAge), "052Y");
  EXPECT_EQ(Get(*file, DCM_PatientSex), "M");
  EXPECT_EQ(Get(*file, DCM_PatientWeight), "81.5");
  EXPECT_EQ(Get(*file, DCM_PatientBirthDate), "");            // Z in every column
  EXPECT_EQ(Get(*file, DCM_Modality), "CT");

  const std::string studyDate = Get(*file, DCM_StudyDate);
  EXPECT_NE(studyDate, "20220315");
  EXPECT_EQ(studyDate.size(), 8u);
  EXPECT_EQ(Get(*file, DCM_SeriesDate), studyDate);            // same shift for the same patient
  EXPECT_EQ(Get(*file, DCM_AcquisitionDateTime), studyDate + "101612.123456");
  EXPECT_EQ(Get(*file, DCM_StudyTime), "101530");              // times stay with a whole-day shift
  EXPECT_EQ(report.shifted, 4u);

  EXPECT_EQ(Get(*file, DCM_StudyDescription), "CT HEAD for ***");   // cleaned descriptor
  EXPECT_EQ(Get(*file, DCM_SeriesDescription), "AXIAL 5mm");
  EXPECT_EQ(Get(*file, DCM_LongitudinalTemporalInformationModified), "MODIFIED");
  EXPECT_EQ(Codes(*file), (std::set<std::string>{"113100", "113105", "113107", "113108"}));
}

TEST(AnonymizerProfiles, TeachingFallsBackToThePatientPseudonym)
{
  auto first = MakeInstance("DOE^JOHN", "PID12345", "1.2.3.100", "1.2.3.100.1", "1.2.3.100.1.1");
  auto second = MakeInstance("DOE^JOHN", "PID12345", "1.2.3.200", "1.2.3.200.1", "1.2.3.200.1.1");
  auto other = MakeInstance("ROE^JANE", "PID99999", "1.2.3.300", "1.2.3.300.1", "1.2.3.300.1.1");
  const auto teaching = BuiltinRegistry().Get("teaching");
  const AnonymizationReport a = RunProfile(teaching, *first);
  const AnonymizationReport b = RunProfile(teaching, *second);
  const AnonymizationReport c = RunProfile(teaching, *other);
  EXPECT_TRUE(std::regex_match(a.patientPseudonym, std::regex("^[0-9A-Z]{12}$")));
  EXPECT_EQ(Get(*first, DCM_PatientName), a.patientPseudonym);
  EXPECT_EQ(a.patientPseudonym, b.patientPseudonym);      // same patient across studies
  EXPECT_NE(a.patientPseudonym, c.patientPseudonym);
  EXPECT_EQ(Get(*first, DCM_StudyDate), Get(*second, DCM_StudyDate));   // same shift
  EXPECT_NE(Get(*first, DCM_StudyID), Get(*second, DCM_StudyID));       // {StudyPseudonym}
}

TEST(AnonymizerProfiles, ResearchPseudonymizesThePatientId)
{
  auto file = MakeInstance();
  RunProfile(BuiltinRegistry().Get("research"), *file);
  EXPECT_EQ(Get(*file, DCM_PatientID), TestPseudonymizer().Pseudonym("value", "PID12345", 16, PseudonymFormat::Alphanumeric));
  EXPECT_NE(Get(*file, DCM_StudyInstanceUID), "1.2.826.0.1.3680043.2.1125.1");
  EXPECT_FALSE(Has(*file, DCM_StudyDescription));
  EXPECT_EQ(Get(*file, DCM_PatientAge), "052Y");
  EXPECT_NE(Get(*file, DCM_StudyDate), "20220315");
  EXPECT_FALSE(Get(*file, DCM_StudyDate).empty());
}

TEST(AnonymizerProfiles, WhitelistKeepsOnlyWhatItLists)
{
  auto file = MakeInstance();
  const AnonymizationReport report = RunProfile(BuiltinRegistry().Get("whitelist"), *file);
  EXPECT_TRUE(report.leaks.empty());
  EXPECT_EQ(Get(*file, DCM_PatientName), report.patientPseudonym);
  EXPECT_EQ(Get(*file, DCM_PatientSex), "M");
  EXPECT_EQ(Get(*file, DCM_Modality), "CT");
  EXPECT_EQ(Get(*file, DCM_SliceThickness), "5");
  EXPECT_EQ(Get(*file, DCM_SpecificCharacterSet), "ISO_IR 100");
  EXPECT_TRUE(Has(*file, DCM_PixelData));
  EXPECT_EQ(Get(*file, DCM_SOPInstanceUID), TestPseudonymizer().MapUid("1.2.826.0.1.3680043.2.1125.1.2.3"));
  EXPECT_TRUE(Has(*file, DCM_StudyDate));                // Type 2: stays, emptied
  EXPECT_EQ(Get(*file, DCM_StudyDate), "");
  EXPECT_EQ(Get(*file, DCM_Manufacturer), "");           // Type 2: stays, emptied
  EXPECT_FALSE(Has(*file, DCM_InstitutionName));
  EXPECT_FALSE(Has(*file, DCM_StudyDescription));
  EXPECT_FALSE(Has(*file, DCM_PatientWeight));
  EXPECT_EQ(Get(*file, DCM_PatientIdentityRemoved), "YES");
}

TEST(AnonymizerProfiles, OutputIsDeterministic)
{
  auto a = MakeInstance();
  auto b = MakeInstance();
  RunProfile(BuiltinRegistry().Get("teaching"), *a);
  RunProfile(BuiltinRegistry().Get("teaching"), *b);
  EXPECT_EQ(ToBytes(*a), ToBytes(*b));
  auto c = MakeInstance();
  Anonymizer other(BuiltinRegistry().Get("teaching"), Pseudonymizer("another-deployment"));
  AnonymizationContext lenient;
  lenient.failOnLeak = false;
  other.Apply(*c, lenient);
  EXPECT_NE(Get(*a, DCM_StudyInstanceUID), Get(*c, DCM_StudyInstanceUID));
  EXPECT_NE(Get(*a, DCM_PatientName), Get(*c, DCM_PatientName));
}

TEST(AnonymizerProfiles, WithoutSopInstanceUidTheMetaUidIsTheRemappedOriginal)
{
  // Not random from DCMTK: a second run writes the same bytes.
  auto file = MakeInstance();
  file->getDataset()->findAndDeleteElement(DCM_SOPInstanceUID);
  file->getMetaInfo()->putAndInsertString(DCM_MediaStorageSOPInstanceUID, "1.2.826.0.1.3680043.2.1125.9.9");
  const std::string bytes = ToBytes(*file);
  Anonymizer anonymizer(BuiltinRegistry().Get("basic"), TestPseudonymizer());
  AnonymizationContext context;
  context.failOnLeak = false;
  AnonymizationReport first, second;
  const std::string out1 = anonymizer.AnonymizeBuffer(bytes.data(), bytes.size(), context, first);
  const std::string out2 = anonymizer.AnonymizeBuffer(bytes.data(), bytes.size(), context, second);
  EXPECT_EQ(out1, out2);
  EXPECT_NE(out1.find(TestPseudonymizer().MapUid("1.2.826.0.1.3680043.2.1125.9.9")), std::string::npos);
  EXPECT_EQ(out1.find("1.2.826.0.1.3680043.2.1125.9.9"), std::string::npos);
}

TEST(AnonymizerProfiles, WithoutAnySopInstanceUidTheMetaUidIsKeyedOnTheContent)
{
  // Neither in the dataset nor in the meta header (pydicom's nested_priv_SQ.dcm): still not random.
  auto file = MakeInstance();
  file->getDataset()->findAndDeleteElement(DCM_SOPInstanceUID);
  file->getMetaInfo()->putAndInsertString(DCM_MediaStorageSOPInstanceUID, "");
  const std::string bytes = ToBytes(*file);
  AnonymizationContext context;
  context.failOnLeak = false;
  AnonymizationReport report;
  const auto run = [&](const Pseudonymizer& pseudonymizer) {
    Anonymizer anonymizer(BuiltinRegistry().Get("basic"), pseudonymizer);
    return anonymizer.AnonymizeBuffer(bytes.data(), bytes.size(), context, report);
  };
  const std::string out1 = run(TestPseudonymizer());
  EXPECT_EQ(out1, run(TestPseudonymizer()));
  auto reread = DicomBuffer::Read(out1.data(), out1.size());
  EXPECT_EQ(MetaSopInstance(*reread).compare(0, 5, "2.25."), 0);
  EXPECT_NE(out1, run(Pseudonymizer("another-deployment-key")));   // keyed
}
