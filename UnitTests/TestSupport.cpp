#include "TestSupport.h"

#include "Core/DicomBuffer.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <dcmtk/oflog/oflog.h>

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

namespace Ratatoskr::Tests
{
  std::shared_ptr<const Core::ConfidentialityTable> Table()
  {
    static const std::shared_ptr<const Core::ConfidentialityTable> table =
      Core::ConfidentialityTable::LoadFile(std::string(RATATOSKR_SOURCE_DIR) + "/Resources/Reference/ps3.15-e1-1.json");
    return table;
  }

  Core::ProfileRegistry& BuiltinRegistry()
  {
    static const std::unique_ptr<Core::ProfileRegistry> registry = []() {
      auto r = std::make_unique<Core::ProfileRegistry>(Table());
      r->LoadBuiltin();
      return r;
    }();
    return *registry;
  }

  std::shared_ptr<const Core::ResolvedProfile> ProfileFromJson(const std::string& json)
  {
    Core::ProfileRegistry registry(Table());
    registry.LoadBuiltin();
    const std::string name = registry.LoadJson(json, "test-profile.json");
    return registry.Get(name);
  }

  const Core::Pseudonymizer& TestPseudonymizer()
  {
    static const Core::Pseudonymizer pseudonymizer("unit-test-secret");
    return pseudonymizer;
  }

  std::unique_ptr<DcmFileFormat> MakeInstance(const std::string& patientName, const std::string& patientId,
                                              const std::string& studyUid, const std::string& seriesUid,
                                              const std::string& sopUid)
  {
    auto file = std::make_unique<DcmFileFormat>();
    DcmDataset& ds = *file->getDataset();
    ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
    ds.putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
    ds.putAndInsertString(DCM_SOPInstanceUID, sopUid.c_str());
    ds.putAndInsertString(DCM_StudyInstanceUID, studyUid.c_str());
    ds.putAndInsertString(DCM_SeriesInstanceUID, seriesUid.c_str());
    ds.putAndInsertString(DCM_FrameOfReferenceUID, (studyUid + ".9").c_str());
    ds.putAndInsertString(DCM_PatientName, patientName.c_str());
    ds.putAndInsertString(DCM_PatientID, patientId.c_str());
    ds.putAndInsertString(DCM_PatientBirthDate, "19700412");
    ds.putAndInsertString(DCM_PatientSex, "M");
    ds.putAndInsertString(DCM_PatientAge, "052Y");
    ds.putAndInsertString(DCM_PatientWeight, "81.5");
    ds.putAndInsertString(DCM_StudyDate, "20220315");
    ds.putAndInsertString(DCM_StudyTime, "101530");
    ds.putAndInsertString(DCM_SeriesDate, "20220315");
    ds.putAndInsertString(DCM_ContentDate, "20220315");
    ds.putAndInsertString(DCM_AcquisitionDateTime, "20220315101612.123456");
    ds.putAndInsertString(DCM_AccessionNumber, "ACC998877");
    ds.putAndInsertString(DCM_StudyID, "STUDY42");
    ds.putAndInsertString(DCM_ReferringPhysicianName, "HOUSE^GREGORY");
    ds.putAndInsertString(DCM_InstitutionName, "St Elsewhere Hospital");
    ds.putAndInsertString(DCM_StationName, "CTSTATION7");
    ds.putAndInsertString(DCM_StudyDescription, "CT HEAD for DOE");
    ds.putAndInsertString(DCM_SeriesDescription, "AXIAL 5mm");
    ds.putAndInsertString(DCM_Modality, "CT");
    ds.putAndInsertString(DCM_Manufacturer, "ACME");
    ds.putAndInsertString(DCM_ManufacturerModelName, "Scanner 3000");
    ds.putAndInsertString(DCM_KVP, "120");
    ds.putAndInsertString(DCM_SliceThickness, "5");
    ds.putAndInsertString(DCM_SeriesNumber, "3");
    ds.putAndInsertString(DCM_InstanceNumber, "1");
    ds.putAndInsertString(DCM_ImagePositionPatient, "0\\0\\0");
    ds.putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
    ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
    ds.putAndInsertUint16(DCM_Rows, 8);
    ds.putAndInsertUint16(DCM_Columns, 8);
    ds.putAndInsertUint16(DCM_BitsAllocated, 16);
    ds.putAndInsertUint16(DCM_BitsStored, 12);
    ds.putAndInsertUint16(DCM_HighBit, 11);
    ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
    std::vector<Uint16> pixels(64);
    for (size_t i = 0; i < pixels.size(); ++i)
    {
      pixels[i] = static_cast<Uint16>(100 + i);
    }
    ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));

    DcmMetaInfo& meta = *file->getMetaInfo();
    meta.putAndInsertString(DCM_MediaStorageSOPClassUID, UID_CTImageStorage);
    meta.putAndInsertString(DCM_MediaStorageSOPInstanceUID, sopUid.c_str());
    meta.putAndInsertString(DCM_TransferSyntaxUID, UID_LittleEndianExplicitTransferSyntax);
    meta.putAndInsertString(DCM_SourceApplicationEntityTitle, "MODALITY_AE");
    ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
    return file;
  }

  std::string ToBytes(DcmFileFormat& file)
  {
    return Core::DicomBuffer::Write(file);
  }

  std::string Get(DcmFileFormat& file, const DcmTagKey& tag)
  {
    OFString value;
    file.getDataset()->findAndGetOFStringArray(tag, value);
    return std::string(value.c_str(), value.length());
  }

  bool Has(DcmFileFormat& file, const DcmTagKey& tag)
  {
    return file.getDataset()->tagExists(tag);
  }

  Core::AnonymizationReport RunProfile(const std::shared_ptr<const Core::ResolvedProfile>& profile, DcmFileFormat& file,
                                const Core::AnonymizationContext& context)
  {
    Core::AnonymizationContext lenient = context;
    lenient.failOnLeak = false;
    Core::Anonymizer anonymizer(profile, TestPseudonymizer());
    return anonymizer.Apply(file, lenient);
  }
}

namespace
{
  // DCMTK prints parser warnings for the broken inputs the tests feed it; keep the test output readable.
  class QuietDcmtk : public ::testing::Environment
  {
  public:
    void SetUp() override
    {
      OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    }
  };

  const ::testing::Environment* const quietDcmtk = ::testing::AddGlobalTestEnvironment(new QuietDcmtk);
}
