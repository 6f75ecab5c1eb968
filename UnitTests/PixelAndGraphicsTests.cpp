// Burned-in annotation (reject / allow / mask), curves and overlays, Clean Graphics.
#include "TestSupport.h"

#include "Core/DicomBuffer.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <gtest/gtest.h>

#include <mutex>
#include <set>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  const char* const MaskProfile = R"({"Name": "masked", "Extends": "basic", "BurnedInAnnotation": "Mask",
    "Masks": [{"Manufacturer": "acme ", "Rows": 8, "Columns": 8,
               "Regions": [{"X": 0, "Y": 0, "Width": 4, "Height": 2}, {"X": 6, "Y": 7, "Width": 10, "Height": 10}]}]})";

  std::vector<Uint16> Pixels(DcmFileFormat& file)
  {
    const Uint16* pixels = nullptr;
    EXPECT_TRUE(file.getDataset()->findAndGetUint16Array(DCM_PixelData, pixels).good());
    return pixels == nullptr ? std::vector<Uint16>() : std::vector<Uint16>(pixels, pixels + 64);
  }

  // An encapsulated PDF flagged BurnedInAnnotation=YES (as pdf2dcm writes it by default).
  std::unique_ptr<DcmFileFormat> MakeBurnedInPdf()
  {
    auto file = MakeInstance();
    DcmDataset& ds = *file->getDataset();
    ds.findAndDeleteElement(DCM_PixelData);
    ds.putAndInsertString(DCM_SOPClassUID, UID_EncapsulatedPDFStorage);
    ds.putAndInsertString(DCM_Modality, "DOC");
    ds.putAndInsertString(DCM_BurnedInAnnotation, "YES");
    ds.putAndInsertString(DCM_MIMETypeOfEncapsulatedDocument, "application/pdf");
    const std::string pdf = "%PDF-1.1\n% report of DOE JOHN PID12345\n%%EOF\n";
    ds.putAndInsertUint8Array(DCM_EncapsulatedDocument, reinterpret_cast<const Uint8*>(pdf.data()), pdf.size());
    ds.putAndInsertUint32(DCM_EncapsulatedDocumentLength, static_cast<Uint32>(pdf.size()));
    return file;
  }

  std::string DocumentBytes(DcmFileFormat& file)
  {
    const Uint8* bytes = nullptr;
    unsigned long length = 0;
    file.getDataset()->findAndGetUint8Array(DCM_EncapsulatedDocument, bytes, &length);
    return bytes == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(bytes), length);
  }

  void CheckMasked(const std::vector<Uint16>& pixels)
  {
    ASSERT_EQ(pixels.size(), 64u);
    for (unsigned int y = 0; y < 8; ++y)
    {
      for (unsigned int x = 0; x < 8; ++x)
      {
        const bool masked = (y < 2 && x < 4) || (y == 7 && x >= 6);
        const Uint16 expected = masked ? 0 : static_cast<Uint16>(100 + y * 8 + x);
        EXPECT_EQ(pixels[y * 8 + x], expected) << "x=" << x << " y=" << y;
      }
    }
  }
}

TEST(BurnedInAnnotation, RejectedByDefaultWithAClearReason)
{
  auto file = MakeInstance();
  file->getDataset()->putAndInsertString(DCM_BurnedInAnnotation, "YES");
  Anonymizer anonymizer(BuiltinRegistry().Get("teaching"), TestPseudonymizer());
  try
  {
    anonymizer.Apply(*file, AnonymizationContext());
    FAIL() << "not rejected";
  }
  catch (const BurnedInAnnotationError& e)
  {
    EXPECT_NE(std::string(e.what()).find("BurnedInAnnotation (0028,0301) is YES"), std::string::npos);
  }
}

TEST(BurnedInAnnotation, AllowKeepsThePixels)
{
  auto file = MakeInstance();
  file->getDataset()->putAndInsertString(DCM_BurnedInAnnotation, "YES");
  const std::vector<Uint16> before = Pixels(*file);
  RunProfile(ProfileFromJson(R"({"Name": "p", "Extends": "basic", "BurnedInAnnotation": "Allow"})"), *file);
  EXPECT_EQ(Pixels(*file), before);
  EXPECT_EQ(Get(*file, DCM_BurnedInAnnotation), "YES");
}

TEST(BurnedInAnnotation, MaskBlacksOutTheRegions)
{
  auto file = MakeInstance();
  file->getDataset()->putAndInsertString(DCM_BurnedInAnnotation, "YES");
  RunProfile(ProfileFromJson(MaskProfile), *file);
  CheckMasked(Pixels(*file));
  EXPECT_EQ(Get(*file, DCM_BurnedInAnnotation), "NO");
  DcmItem* item = nullptr;
  std::set<std::string> codes;
  for (int i = 0; file->getDataset()->findAndGetSequenceItem(DCM_DeidentificationMethodCodeSequence, item, i).good(); ++i)
  {
    OFString value;
    item->findAndGetOFString(DCM_CodeValue, value);
    codes.insert(value.c_str());
  }
  EXPECT_EQ(codes.count("113101"), 1u);
}

TEST(BurnedInAnnotation, MaskWithoutAMatchingEntryRejects)
{
  auto file = MakeInstance();
  file->getDataset()->putAndInsertString(DCM_BurnedInAnnotation, "YES");
  file->getDataset()->putAndInsertString(DCM_Manufacturer, "OTHER VENDOR");
  Anonymizer anonymizer(ProfileFromJson(MaskProfile), TestPseudonymizer());
  EXPECT_THROW(anonymizer.Apply(*file, AnonymizationContext()), BurnedInAnnotationError);
}

TEST(BurnedInAnnotation, ADocumentTheProfileReplacesIsNotRejectedAndLosesTheFlag)
{
  for (const char* name : {"basic", "teaching", "research", "whitelist"})
  {
    auto file = MakeBurnedInPdf();
    ASSERT_NO_THROW(RunProfile(BuiltinRegistry().Get(name), *file)) << name;
    EXPECT_EQ(DocumentBytes(*file), "ANONYMIZED") << name;
    const std::string length = Get(*file, DCM_EncapsulatedDocumentLength);   // Type 3: whitelist removes it
    EXPECT_TRUE(length.empty() || length == "10") << name << ": " << length;
    EXPECT_EQ(Get(*file, DCM_BurnedInAnnotation), "NO") << name;
  }
}

TEST(BurnedInAnnotation, ADocumentKeptByARuleIsRejectedUnlessAllowed)
{
  auto file = MakeBurnedInPdf();
  const std::string original = DocumentBytes(*file);
  Anonymizer keeping(ProfileFromJson(R"({"Name": "p", "Extends": "basic",
    "Rules": [{"Attribute": "EncapsulatedDocument", "Action": "Keep"}]})"), TestPseudonymizer());
  AnonymizationContext context;
  context.failOnLeak = false;
  try
  {
    keeping.Apply(*file, context);
    FAIL() << "not rejected";
  }
  catch (const BurnedInAnnotationError& e)
  {
    EXPECT_NE(std::string(e.what()).find("keeps the Encapsulated Document"), std::string::npos) << e.what();
  }

  auto allowed = MakeBurnedInPdf();
  RunProfile(ProfileFromJson(R"({"Name": "p", "Extends": "basic", "BurnedInAnnotation": "Allow",
    "Rules": [{"Attribute": "EncapsulatedDocument", "Action": "Keep"}]})"), *allowed);
  EXPECT_EQ(DocumentBytes(*allowed), original);
  EXPECT_EQ(Get(*allowed, DCM_BurnedInAnnotation), "YES");
}

TEST(BurnedInAnnotation, MasksApplyToCompressedPixelData)
{
  auto file = MakeInstance();
  file->getDataset()->putAndInsertString(DCM_BurnedInAnnotation, "YES");
  static std::once_flag once;
  std::call_once(once, []() { DcmRLEEncoderRegistration::registerCodecs(); });
  ASSERT_TRUE(file->getDataset()->chooseRepresentation(EXS_RLELossless, nullptr).good());
  ASSERT_TRUE(file->getDataset()->canWriteXfer(EXS_RLELossless));
  file->getDataset()->removeAllButCurrentRepresentations();
  const std::string compressed = ToBytes(*file);

  Anonymizer anonymizer(ProfileFromJson(MaskProfile), TestPseudonymizer());
  AnonymizationReport report;
  const std::string output = anonymizer.AnonymizeBuffer(compressed.data(), compressed.size(), AnonymizationContext(), report);
  std::unique_ptr<DcmFileFormat> result = Ratatoskr::Core::DicomBuffer::Read(output.data(), output.size());
  EXPECT_EQ(result->getDataset()->getOriginalXfer(), EXS_LittleEndianExplicit);
  CheckMasked(Pixels(*result));
}

TEST(Graphics, CurvesAndOverlaysGoUnderBasic)
{
  auto file = MakeInstance();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertUint16(DcmTagKey(0x6000, 0x0010), 8);
  ds.putAndInsertUint16(DcmTagKey(0x6000, 0x0011), 8);
  ds.putAndInsertString(DcmTagKey(0x6000, 0x0040), "G");
  const Uint16 bits[4] = {0x00ff, 0x00ff, 0x00ff, 0x00ff};
  ASSERT_TRUE(ds.putAndInsertUint16Array(DcmTag(0x6000, 0x3000, EVR_OW), bits, 4).good());
  ds.putAndInsertString(DcmTag(0x6000, 0x4000, EVR_LT), "overlay about DOE");
  ds.putAndInsertString(DcmTag(0x5000, 0x0005, EVR_US), "2");
  const AnonymizationReport report = RunProfile(BuiltinRegistry().Get("basic"), *file);
  EXPECT_TRUE(report.leaks.empty());
  EXPECT_FALSE(Has(*file, DcmTagKey(0x6000, 0x3000)));
  EXPECT_FALSE(Has(*file, DcmTagKey(0x6000, 0x0010)));   // the whole overlay goes with its data
  EXPECT_FALSE(Has(*file, DcmTagKey(0x6000, 0x4000)));
  EXPECT_FALSE(Has(*file, DcmTagKey(0x5000, 0x0005)));
}

TEST(Graphics, CleanGraphicsKeepsOverlaysAndCleansTheirText)
{
  auto file = MakeInstance();
  DcmDataset& ds = *file->getDataset();
  ds.putAndInsertUint16(DcmTagKey(0x6000, 0x0010), 8);
  const Uint16 bits[4] = {0x00ff, 0x00ff, 0x00ff, 0x00ff};
  ASSERT_TRUE(ds.putAndInsertUint16Array(DcmTag(0x6000, 0x3000, EVR_OW), bits, 4).good());
  ds.putAndInsertString(DcmTag(0x6000, 0x4000, EVR_LT), "overlay about DOE");
  DcmItem* annotation = nullptr;
  ds.findOrCreateSequenceItem(DCM_GraphicAnnotationSequence, annotation, -2);
  DcmItem* text = nullptr;
  annotation->findOrCreateSequenceItem(DCM_TextObjectSequence, text, -2);
  text->putAndInsertString(DCM_UnformattedTextValue, "Patient JOHN DOE, left lung");

  const AnonymizationReport report =
    RunProfile(ProfileFromJson(R"({"Name": "p", "Extends": "basic", "Options": ["CleanGraphics"]})"), *file);
  EXPECT_TRUE(report.leaks.empty()) << report.leaks.front();
  EXPECT_TRUE(Has(*file, DcmTagKey(0x6000, 0x3000)));
  EXPECT_TRUE(Has(*file, DcmTagKey(0x6000, 0x0010)));
  EXPECT_EQ(Get(*file, DcmTagKey(0x6000, 0x4000)), "overlay about ***");
  ASSERT_TRUE(ds.findAndGetSequenceItem(DCM_GraphicAnnotationSequence, annotation).good());
  ASSERT_TRUE(annotation->findAndGetSequenceItem(DCM_TextObjectSequence, text).good());
  OFString value;
  text->findAndGetOFString(DCM_UnformattedTextValue, value);
  EXPECT_EQ(std::string(value.c_str()), "Patient **** ***, left lung");
  EXPECT_FALSE(report.warnings.empty());
}

TEST(Graphics, GraphicAnnotationsKeepTheirGeometryAndLoseTheirTextUnderBasic)
{
  auto file = MakeInstance();
  DcmItem* annotation = nullptr;
  file->getDataset()->findOrCreateSequenceItem(DCM_GraphicAnnotationSequence, annotation, -2);
  annotation->putAndInsertString(DCM_GraphicLayer, "LAYER");
  DcmItem* text = nullptr;
  annotation->findOrCreateSequenceItem(DCM_TextObjectSequence, text, -2);
  text->putAndInsertString(DCM_UnformattedTextValue, "DOE JOHN, PID12345");
  text->putAndInsertString(DCM_BoundingBoxAnnotationUnits, "PIXEL");
  DcmItem* graphic = nullptr;
  annotation->findOrCreateSequenceItem(DCM_GraphicObjectSequence, graphic, -2);
  graphic->putAndInsertString(DCM_GraphicType, "POLYLINE");
  const Float32 points[] = {1.5f, 2.5f, 10.0f, 20.0f};
  graphic->putAndInsertFloat32Array(DCM_GraphicData, points, 4);
  RunProfile(BuiltinRegistry().Get("basic"), *file);   // D on a sequence: dummy items

  ASSERT_TRUE(file->getDataset()->findAndGetSequenceItem(DCM_GraphicAnnotationSequence, annotation, 0).good());
  OFString value;
  annotation->findAndGetOFString(DCM_GraphicLayer, value);
  EXPECT_EQ(std::string(value.c_str()), "LAYER");   // a code string: structure
  ASSERT_TRUE(annotation->findAndGetSequenceItem(DCM_TextObjectSequence, text, 0).good());
  text->findAndGetOFString(DCM_UnformattedTextValue, value);
  EXPECT_EQ(std::string(value.c_str()), "ANONYMIZED");   // free text: a dummy
  ASSERT_TRUE(annotation->findAndGetSequenceItem(DCM_GraphicObjectSequence, graphic, 0).good());
  Float32 last = 0;
  EXPECT_TRUE(graphic->findAndGetFloat32(DCM_GraphicData, last, 3).good());
  EXPECT_EQ(last, 20.0f);   // geometry: not identifying
  EXPECT_EQ(ToBytes(*file).find("PID12345"), std::string::npos);
}
