// Pictures made DICOM (Secondary Capture from the browser's RGBA pixels) and the study they go to (WrapContext):
// copied from a DICOM instance of the drop (and then anonymized into the same study as it) or a new one.
#include "TestSupport.h"

#include "Core/DicomBuffer.h"
#include "Core/Errors.h"
#include "Core/PictureToSecondaryCapture.h"
#include "Core/WrapContext.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <gtest/gtest.h>
#include <json/value.h>

#include <vector>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  // width x height RGBA pixels: R = x, G = y, B = 100 + x + y, A = 7 (dropped).
  std::vector<uint8_t> Rgba(unsigned int width, unsigned int height)
  {
    std::vector<uint8_t> pixels;
    for (unsigned int y = 0; y < height; y++)
    {
      for (unsigned int x = 0; x < width; x++)
      {
        pixels.insert(pixels.end(), {uint8_t(x), uint8_t(y), uint8_t(100 + x + y), 7});
      }
    }
    return pixels;
  }

  std::string RefusalOf(const std::vector<uint8_t>& pixels, unsigned int width, unsigned int height)
  {
    try
    {
      PictureToSecondaryCapture::Convert(pixels.data(), pixels.size(), width, height, WrapContext());
    }
    catch (const WrapError& e)
    {
      return e.what();
    }
    return "";
  }
}

TEST(WrapPicture, RgbaBecomesAnUncompressedRgbSecondaryCapture)
{
  const std::vector<uint8_t> rgba = Rgba(3, 2);
  const WrapResult result = PictureToSecondaryCapture::Convert(rgba.data(), rgba.size(), 3, 2, WrapContext());
  auto file = DicomBuffer::Read(result.dicom.data(), result.dicom.size());
  DcmDataset& dataset = *file->getDataset();
  EXPECT_EQ(dataset.getOriginalXfer(), EXS_LittleEndianExplicit);
  EXPECT_EQ(Get(*file, DCM_SOPClassUID), UID_SecondaryCaptureImageStorage);
  EXPECT_EQ(Get(*file, DCM_Modality), "OT");
  EXPECT_EQ(Get(*file, DCM_ConversionType), "WSD");
  EXPECT_EQ(Get(*file, DCM_PhotometricInterpretation), "RGB");
  EXPECT_EQ(Get(*file, DCM_SamplesPerPixel), "3");
  EXPECT_EQ(Get(*file, DCM_PlanarConfiguration), "0");
  EXPECT_EQ(Get(*file, DCM_Rows), "2");
  EXPECT_EQ(Get(*file, DCM_Columns), "3");
  EXPECT_EQ(Get(*file, DCM_BitsAllocated), "8");
  EXPECT_FALSE(Has(*file, DCM_BurnedInAnnotation));   // unknown: the profile and the page's masks decide
  const Uint8* pixels = nullptr;
  unsigned long length = 0;
  ASSERT_TRUE(dataset.findAndGetUint8Array(DCM_PixelData, pixels, &length).good());
  ASSERT_EQ(length, 18u);
  const std::vector<uint8_t> expected = {0, 0, 100, 1, 0, 101, 2, 0, 102, 0, 1, 101, 1, 1, 102, 2, 1, 103};
  EXPECT_EQ(std::vector<uint8_t>(pixels, pixels + length), expected);
}

TEST(WrapPicture, AnOddNumberOfBytesIsPaddedAndSizesAreChecked)
{
  const std::vector<uint8_t> rgba = Rgba(1, 1);
  const WrapResult result = PictureToSecondaryCapture::Convert(rgba.data(), rgba.size(), 1, 1, WrapContext());
  auto file = DicomBuffer::Read(result.dicom.data(), result.dicom.size());
  const Uint8* pixels = nullptr;
  unsigned long length = 0;
  ASSERT_TRUE(file->getDataset()->findAndGetUint8Array(DCM_PixelData, pixels, &length).good());
  ASSERT_GE(length, 3u);
  EXPECT_EQ(std::vector<uint8_t>(pixels, pixels + 3), (std::vector<uint8_t>{0, 0, 100}));

  EXPECT_NE(RefusalOf(Rgba(3, 2), 2, 3 + 1).find("not 2 x 4 x 4"), std::string::npos);
  EXPECT_NE(RefusalOf({}, 0, 0).find("1 to 32768 pixels a side"), std::string::npos);
  EXPECT_NE(RefusalOf({}, 40000, 1).find("1 to 32768"), std::string::npos);
}

TEST(WrapPicture, AWrappedPictureIsAnonymizedIntoTheStudyOfTheDrop)
{
  auto instance = MakeInstance();
  instance->getDataset()->putAndInsertString(DCM_IssuerOfPatientID, "HOSPITAL-A");   // part of the patient key
  const std::string dicom = ToBytes(*instance);
  const WrapContext context = WrapContext::FromDicom(dicom.data(), dicom.size());
  EXPECT_EQ(context.patientName, "DOE^JOHN");
  EXPECT_EQ(context.specificCharacterSet, "ISO_IR 100");
  EXPECT_EQ(context.accessionNumber, "ACC998877");
  const std::vector<uint8_t> rgba = Rgba(4, 4);
  const WrapResult result = PictureToSecondaryCapture::Convert(rgba.data(), rgba.size(), 4, 4, context);
  auto picture = DicomBuffer::Read(result.dicom.data(), result.dicom.size());
  EXPECT_EQ(Get(*picture, DCM_PatientID), "PID12345");
  EXPECT_EQ(Get(*picture, DCM_StudyTime), "101530");
  EXPECT_EQ(Get(*picture, DCM_SpecificCharacterSet), "ISO_IR 100");

  const auto teaching = BuiltinRegistry().Get("teaching");
  RunProfile(teaching, *instance);
  RunProfile(teaching, *picture);
  for (const DcmTagKey& tag : {DCM_StudyInstanceUID, DCM_PatientName, DCM_PatientID, DCM_StudyDate, DCM_StudyID})
  {
    EXPECT_EQ(Get(*picture, tag), Get(*instance, tag)) << DcmTag(tag).getTagName();
  }
  EXPECT_NE(Get(*picture, DCM_SeriesInstanceUID), Get(*instance, DCM_SeriesInstanceUID));
  const std::string anonymized = ToBytes(*picture);
  for (const char* original : {"DOE^JOHN", "PID12345", "ACC998877", "HOUSE^GREGORY", "HOSPITAL-A"})
  {
    EXPECT_EQ(anonymized.find(original), std::string::npos) << original;
  }
}

TEST(WrapPicture, AContextFromJavaScriptIsChecked)
{
  Json::Value json(Json::objectValue);
  json["PatientName"] = "M\xC3\xBCLLER^ANNA";
  json["StudyInstanceUID"] = "1.2.3.4";
  json["InstanceNumber"] = "7";
  const WrapContext context = WrapContext::FromJson(json);
  EXPECT_EQ(context.specificCharacterSet, "ISO_IR 192");
  EXPECT_FALSE(context.IsNewStudy());
  EXPECT_EQ(context.instanceNumber, "7");
  EXPECT_TRUE(WrapContext::FromJson(Json::Value()).IsNewStudy());

  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
         {"PatientNme", "x"}, {"StudyInstanceUID", "1.2.x"}, {"StudyDate", "2020-01-01"}, {"InstanceNumber", "-1"}})
  {
    Json::Value bad(Json::objectValue);
    bad[key] = value;
    EXPECT_THROW(WrapContext::FromJson(bad), WrapError) << key;
  }
  Json::Value number(Json::objectValue);
  number["PatientID"] = 12;
  EXPECT_THROW(WrapContext::FromJson(number), WrapError);
  EXPECT_THROW(WrapContext::FromDicom("not dicom", 9), WrapError);
}

TEST(WrapPicture, DerivedUidsAreValidAndStable)
{
  const std::string uid = DerivedUid("wrap-instance", "bytes");
  EXPECT_EQ(uid, DerivedUid("wrap-instance", "bytes"));
  EXPECT_NE(uid, DerivedUid("wrap-series", "bytes"));
  EXPECT_EQ(uid.rfind("2.25.", 0), 0u);
  EXPECT_LE(uid.size(), 44u);
  EXPECT_NE(uid[5], '0');
}
