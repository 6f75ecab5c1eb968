// The IOD layer of the engine: a table removal of a required attribute becomes an empty (Type 2) or dummy
// (Type 1) value, a D on a sequence gives dummy items that keep the structure and lose every identifying
// value, and the whitelist keeps what the IOD of the instance requires.
#include "TestSupport.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <gtest/gtest.h>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  // The standard test instance (identity, dates, pixels) as another SOP class.
  std::unique_ptr<DcmFileFormat> Instance(const char* sopClass)
  {
    auto file = MakeInstance();
    file->getDataset()->putAndInsertString(DCM_SOPClassUID, sopClass);
    return file;
  }

  DcmItem& AddItem(DcmItem& parent, const DcmTagKey& sequence)
  {
    DcmItem* item = nullptr;
    parent.findOrCreateSequenceItem(sequence, item, -2);
    return *item;
  }

  void AddCode(DcmItem& parent, const DcmTagKey& sequence, const char* value, const char* scheme, const char* meaning)
  {
    DcmItem& code = AddItem(parent, sequence);
    code.putAndInsertString(DCM_CodeValue, value);
    code.putAndInsertString(DCM_CodingSchemeDesignator, scheme);
    code.putAndInsertString(DCM_CodeMeaning, meaning);
  }

  DcmItem* Item(DcmItem& parent, const DcmTagKey& sequence, unsigned long index = 0)
  {
    DcmItem* item = nullptr;
    return parent.findAndGetSequenceItem(sequence, item, static_cast<int>(index)).good() ? item : nullptr;
  }

  std::string Value(DcmItem* item, const DcmTagKey& tag)
  {
    OFString value;
    if (item == nullptr || item->findAndGetOFStringArray(tag, value).bad())
    {
      return "<absent>";
    }
    return value.c_str();
  }

  unsigned long Items(DcmItem& parent, const DcmTagKey& tag)
  {
    DcmSequenceOfItems* sequence = nullptr;
    return parent.findAndGetSequence(tag, sequence).good() && sequence != nullptr ? sequence->card() : 999;
  }

  // A comprehensive SR: verified by an observer, a TEXT, a PNAME, a DATETIME and a NUM content item.
  std::unique_ptr<DcmFileFormat> MakeReport()
  {
    auto file = Instance(UID_ComprehensiveSRStorage);
    DcmDataset& ds = *file->getDataset();
    ds.putAndInsertString(DCM_Modality, "SR");
    ds.putAndInsertString(DCM_ContentTime, "101530");
    ds.putAndInsertString(DCM_ValueType, "CONTAINER");
    AddCode(ds, DCM_ConceptNameCodeSequence, "18748-4", "LN", "Diagnostic Imaging Report");
    ds.putAndInsertString(DCM_ContinuityOfContent, "SEPARATE");
    ds.putAndInsertString(DCM_CompletionFlag, "COMPLETE");
    ds.putAndInsertString(DCM_VerificationFlag, "VERIFIED");
    ds.insertEmptyElement(DCM_PerformedProcedureCodeSequence);
    DcmItem& observer = AddItem(ds, DCM_VerifyingObserverSequence);
    observer.putAndInsertString(DCM_VerifyingObserverName, "WILSON^JAMES");
    observer.putAndInsertString(DCM_VerifyingOrganization, "Princeton Plainsboro");
    observer.putAndInsertString(DCM_VerificationDateTime, "20220316090000");
    AddCode(observer, DCM_VerifyingObserverIdentificationCodeSequence, "EMP4711", "99HOSP", "Wilson");

    DcmItem& text = AddItem(ds, DCM_ContentSequence);
    text.putAndInsertString(DCM_RelationshipType, "CONTAINS");
    text.putAndInsertString(DCM_ValueType, "TEXT");
    AddCode(text, DCM_ConceptNameCodeSequence, "121071", "DCM", "Finding");
    text.putAndInsertString(DCM_TextValue, "Mass seen on the scan of DOE JOHN, PID12345");
    DcmItem& name = AddItem(ds, DCM_ContentSequence);
    name.putAndInsertString(DCM_RelationshipType, "HAS OBS CONTEXT");
    name.putAndInsertString(DCM_ValueType, "PNAME");
    AddCode(name, DCM_ConceptNameCodeSequence, "121008", "DCM", "Person Observer Name");
    name.putAndInsertString(DCM_PersonName, "CAMERON^ALLISON");
    DcmItem& date = AddItem(ds, DCM_ContentSequence);
    date.putAndInsertString(DCM_RelationshipType, "HAS OBS CONTEXT");
    date.putAndInsertString(DCM_ValueType, "DATETIME");
    AddCode(date, DCM_ConceptNameCodeSequence, "111526", "DCM", "DateTime Started");
    date.putAndInsertString(DCM_DateTime, "20220315101612");
    DcmItem& number = AddItem(ds, DCM_ContentSequence);
    number.putAndInsertString(DCM_RelationshipType, "CONTAINS");
    number.putAndInsertString(DCM_ValueType, "NUM");
    AddCode(number, DCM_ConceptNameCodeSequence, "121206", "DCM", "Distance");
    DcmItem& measured = AddItem(number, DCM_MeasuredValueSequence);
    AddCode(measured, DCM_MeasurementUnitsCodeSequence, "mm", "UCUM", "millimeter");
    measured.putAndInsertString(DCM_NumericValue, "23.75");
    return file;
  }
}

TEST(IodConformance, ReportContentKeepsItsTreeAndCodesButNoValueUnderBasic)
{
  auto file = MakeReport();
  const AnonymizationReport report = RunProfile(BuiltinRegistry().Get("basic"), *file);
  DcmDataset& ds = *file->getDataset();

  ASSERT_EQ(Items(ds, DCM_ContentSequence), 4u);   // D: dummy items, not an empty sequence
  DcmItem* text = Item(ds, DCM_ContentSequence, 0);
  EXPECT_EQ(Value(text, DCM_RelationshipType), "CONTAINS");
  EXPECT_EQ(Value(text, DCM_ValueType), "TEXT");
  EXPECT_EQ(Value(Item(*text, DCM_ConceptNameCodeSequence), DCM_CodeMeaning), "Finding");
  EXPECT_EQ(Value(text, DCM_TextValue), "ANONYMIZED");
  EXPECT_EQ(Value(Item(ds, DCM_ContentSequence, 1), DCM_PersonName), "ANONYMIZED");
  EXPECT_EQ(Value(Item(ds, DCM_ContentSequence, 2), DCM_DateTime), "19000101000000");
  DcmItem* measured = Item(*Item(ds, DCM_ContentSequence, 3), DCM_MeasuredValueSequence);
  EXPECT_EQ(Value(measured, DCM_NumericValue), "0");   // a measured value may be a patient characteristic
  EXPECT_EQ(Value(Item(*measured, DCM_MeasurementUnitsCodeSequence), DCM_CodeValue), "mm");
  EXPECT_EQ(Value(&ds, DCM_CompletionFlag), "COMPLETE");
  EXPECT_EQ(Value(&ds, DCM_ContentDate), "19000101");   // Z/D, Type 1: the dummy

  const std::string bytes = ToBytes(*file);
  for (const char* original : {"PID12345", "CAMERON", "20220315101612", "23.75", "WILSON", "Plainsboro", "EMP4711"})
  {
    EXPECT_EQ(bytes.find(original), std::string::npos) << original;
  }
  EXPECT_TRUE(report.leaks.empty()) << report.leaks.front();
}

TEST(IodConformance, VerifyingObserversGetDummyItems)
{
  auto file = MakeReport();
  RunProfile(BuiltinRegistry().Get("basic"), *file);
  DcmItem* observer = Item(*file->getDataset(), DCM_VerifyingObserverSequence);
  ASSERT_NE(observer, nullptr);
  EXPECT_EQ(Value(observer, DCM_VerifyingObserverName), "ANONYMIZED");
  EXPECT_EQ(Value(observer, DCM_VerifyingOrganization), "ANONYMIZED");
  EXPECT_EQ(Value(observer, DCM_VerificationDateTime), "19000101000000");
  EXPECT_EQ(Items(*observer, DCM_VerifyingObserverIdentificationCodeSequence), 0u);   // Z, Type 2

  auto shifted = MakeReport();
  RunProfile(BuiltinRegistry().Get("teaching"), *shifted);   // Modified Dates: C, the date is shifted
  const std::string date = Value(Item(*shifted->getDataset(), DCM_VerifyingObserverSequence), DCM_VerificationDateTime);
  EXPECT_EQ(date.size(), 14u);
  EXPECT_NE(date, "20220316090000");
  EXPECT_NE(date, "19000101000000");
}

TEST(IodConformance, CodesDirectlyInASequenceTheTableListsAreDummies)
{
  auto file = MakeReport();
  DcmItem& identified = AddItem(*file->getDataset(), DCM_ContentSequence);
  identified.putAndInsertString(DCM_ValueType, "CODE");
  AddCode(identified, DCM_PersonIdentificationCodeSequence, "BADGE0815", "99HOSP", "Badge of Dr Chase");
  RunProfile(BuiltinRegistry().Get("basic"), *file);
  DcmItem* item = Item(*file->getDataset(), DCM_ContentSequence, 4);
  ASSERT_NE(item, nullptr);
  DcmItem* code = Item(*item, DCM_PersonIdentificationCodeSequence);   // D: dummy items
  EXPECT_EQ(Value(code, DCM_CodeValue), "ANONYMIZED");
  EXPECT_EQ(Value(code, DCM_CodeMeaning), "ANONYMIZED");
  EXPECT_EQ(ToBytes(*file).find("BADGE0815"), std::string::npos);
}

TEST(IodConformance, ATableRemovalOfARequiredType2AttributeEmptiesIt)
{
  for (const char* sopClass : {UID_TwelveLeadECGWaveformStorage, UID_CTImageStorage})
  {
    auto file = Instance(sopClass);
    AddCode(AddItem(*file->getDataset(), DCM_AcquisitionContextSequence), DCM_ConceptNameCodeSequence, "1", "L", "x");
    RunProfile(BuiltinRegistry().Get("basic"), *file);   // X/Z: Type 2 in the waveform IODs, 3 in CT
    const bool waveform = std::string(sopClass) == UID_TwelveLeadECGWaveformStorage;
    EXPECT_EQ(Has(*file, DCM_AcquisitionContextSequence), waveform) << sopClass;
    if (waveform)
    {
      EXPECT_EQ(Items(*file->getDataset(), DCM_AcquisitionContextSequence), 0u);
    }
  }
}

TEST(IodConformance, CombinedCodesRemoveSequencesTheIodDoesNotNeed)
{
  const Json::Value table = BuiltinRegistry().Get("basic")->ToJson()["TableActions"];
  EXPECT_EQ(table["0008,0082"]["Action"].asString(), "Remove");     // InstitutionCodeSequence, X/Z/D
  EXPECT_EQ(table["0008,1111"]["Action"].asString(), "Remove");     // ReferencedPerformedProcedureStepSequence
  EXPECT_EQ(table["0008,1140"]["Action"].asString(), "RemapUid");   // ReferencedImageSequence, X/Z/U*

  for (const char* sopClass : {UID_ComprehensiveSRStorage, UID_CTImageStorage})
  {
    auto file = Instance(sopClass);
    DcmItem& step = AddItem(*file->getDataset(), DCM_ReferencedPerformedProcedureStepSequence);
    step.putAndInsertString(DCM_ReferencedSOPClassUID, "1.2.840.10008.3.1.2.3.3");
    step.putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.3.4.5.6.7");
    AddCode(*file->getDataset(), DCM_InstitutionCodeSequence, "HOSP17", "99REG", "St Elsewhere");
    RunProfile(BuiltinRegistry().Get("basic"), *file);
    const bool report = std::string(sopClass) == UID_ComprehensiveSRStorage;   // Type 2 in SR Document Series
    EXPECT_EQ(Has(*file, DCM_ReferencedPerformedProcedureStepSequence), report) << sopClass;
    EXPECT_FALSE(Has(*file, DCM_InstitutionCodeSequence)) << sopClass;        // Type 3: removed
    EXPECT_EQ(ToBytes(*file).find("HOSP17"), std::string::npos);
  }
}

TEST(IodConformance, ATableRemovalOfARequiredType1AttributeGetsADummy)
{
  for (const char* sopClass : {UID_GrayscaleSoftcopyPresentationStateStorage, UID_CTImageStorage})
  {
    auto file = Instance(sopClass);
    file->getDataset()->putAndInsertString(DCM_PresentationCreationDate, "20220317");
    RunProfile(BuiltinRegistry().Get("basic"), *file);   // X, but Type 1 in presentation states
    const bool presentation = std::string(sopClass) == UID_GrayscaleSoftcopyPresentationStateStorage;
    EXPECT_EQ(Get(*file, DCM_PresentationCreationDate), presentation ? "19000101" : "") << sopClass;
    EXPECT_EQ(Has(*file, DCM_PresentationCreationDate), presentation) << sopClass;
  }
}

TEST(IodConformance, ExplicitRulesApplyAsWritten)
{
  auto file = MakeReport();
  const auto profile = ProfileFromJson(R"({"Name": "no-content-date", "Extends": "basic",
    "Rules": [{"Attribute": "ContentDate", "Action": "Remove"}]})");
  RunProfile(profile, *file);
  EXPECT_FALSE(Has(*file, DCM_ContentDate));   // Type 1 in SR, but the profile says so
}

TEST(IodConformance, ARequiredEncapsulatedDocumentGetsDummyBytes)
{
  auto file = Instance(UID_EncapsulatedPDFStorage);
  const std::string pdf = "%PDF-1.4 report of DOE JOHN PID12345 ";
  file->getDataset()->putAndInsertUint8Array(DCM_EncapsulatedDocument, reinterpret_cast<const Uint8*>(pdf.data()),
                                            static_cast<unsigned long>(pdf.size()));
  file->getDataset()->putAndInsertString(DCM_MIMETypeOfEncapsulatedDocument, "application/pdf");
  file->getDataset()->putAndInsertUint32(DCM_EncapsulatedDocumentLength, static_cast<Uint32>(pdf.size()));
  RunProfile(BuiltinRegistry().Get("teaching"), *file);   // D, Type 1: no option keeps it
  const std::string bytes = ToBytes(*file);
  EXPECT_TRUE(Has(*file, DCM_EncapsulatedDocument));
  EXPECT_NE(bytes.find("ANONYMIZED"), std::string::npos);
  EXPECT_EQ(bytes.find("PID12345"), std::string::npos);
  EXPECT_EQ(Get(*file, DCM_MIMETypeOfEncapsulatedDocument), "application/pdf");
  EXPECT_EQ(Get(*file, DCM_EncapsulatedDocumentLength), "10");
}

TEST(IodConformance, WhitelistKeepsWhatAReportNeedsWithoutItsValues)
{
  auto file = MakeReport();
  const AnonymizationReport report = RunProfile(BuiltinRegistry().Get("whitelist"), *file);
  DcmDataset& ds = *file->getDataset();
  EXPECT_EQ(Value(&ds, DCM_CompletionFlag), "COMPLETE");
  EXPECT_EQ(Value(&ds, DCM_VerificationFlag), "VERIFIED");
  EXPECT_EQ(Value(&ds, DCM_ValueType), "CONTAINER");
  EXPECT_EQ(Value(Item(ds, DCM_ConceptNameCodeSequence), DCM_CodeValue), "18748-4");
  EXPECT_EQ(Value(&ds, DCM_ContentDate), "19000101");
  EXPECT_EQ(Items(ds, DCM_PerformedProcedureCodeSequence), 0u);   // Type 2, not in the table: empty
  EXPECT_EQ(Items(ds, DCM_ContentSequence), 4u);
  EXPECT_EQ(Value(Item(ds, DCM_ContentSequence, 0), DCM_TextValue), "ANONYMIZED");
  EXPECT_FALSE(Has(*file, DCM_InstitutionName));
  EXPECT_FALSE(Has(*file, DCM_StudyDescription));
  EXPECT_TRUE(report.leaks.empty()) << report.leaks.front();
}

TEST(IodConformance, WhitelistKeepsTheAttributesTheFrameIncrementPointerNames)
{
  for (const bool pointer : {true, false})
  {
    auto file = Instance(UID_SecondaryCaptureImageStorage);
    DcmDataset& ds = *file->getDataset();
    ds.putAndInsertString(DCM_NumberOfFrames, "1");
    const Uint16 window = 1;
    ds.putAndInsertUint16Array(DCM_EnergyWindowVector, &window, 1);
    if (pointer)
    {
      ds.putAndInsertTagKey(DCM_FrameIncrementPointer, DCM_EnergyWindowVector);
    }
    RunProfile(BuiltinRegistry().Get("whitelist"), *file);
    EXPECT_EQ(Has(*file, DCM_EnergyWindowVector), pointer);
  }
}

TEST(IodConformance, WhitelistFillsTheEnhancedEquipmentModuleWithDummies)
{
  auto segmentation = Instance(UID_SegmentationStorage);
  segmentation->getDataset()->putAndInsertString(DCM_SoftwareVersions, "seg 2.1");
  DcmItem& segment = AddItem(*segmentation->getDataset(), DCM_SegmentSequence);
  segment.putAndInsertUint16(DCM_SegmentNumber, 1);
  segment.putAndInsertString(DCM_SegmentLabel, "Tumour of DOE JOHN");
  AddCode(segment, DCM_SegmentedPropertyTypeCodeSequence, "T-62000", "SRT", "Liver");
  RunProfile(BuiltinRegistry().Get("whitelist"), *segmentation);
  EXPECT_EQ(Get(*segmentation, DCM_Manufacturer), "ANONYMIZED");   // Type 1 in Enhanced General Equipment
  EXPECT_EQ(Get(*segmentation, DCM_ManufacturerModelName), "ANONYMIZED");
  EXPECT_EQ(Get(*segmentation, DCM_SoftwareVersions), "ANONYMIZED");
  DcmItem* kept = Item(*segmentation->getDataset(), DCM_SegmentSequence);
  EXPECT_EQ(Value(kept, DCM_SegmentNumber), "1");
  EXPECT_EQ(Value(kept, DCM_SegmentLabel), "ANONYMIZED");
  EXPECT_EQ(Value(Item(*kept, DCM_SegmentedPropertyTypeCodeSequence), DCM_CodeMeaning), "Liver");

  auto ct = MakeInstance();
  RunProfile(BuiltinRegistry().Get("whitelist"), *ct);
  EXPECT_TRUE(Has(*ct, DCM_Manufacturer));   // Type 2 in General Equipment: empty
  EXPECT_EQ(Get(*ct, DCM_Manufacturer), "");
  EXPECT_FALSE(Has(*ct, DCM_ManufacturerModelName));
}
