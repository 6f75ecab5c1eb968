#include "Core/WrappedInstance.h"

#include "Core/Crypto.h"
#include "Core/DicomBuffer.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>

namespace Ratatoskr::Core::WrappedInstance
{
  void Put(DcmFileFormat& file, const DcmTagKey& tag, const std::string& value)
  {
    if (file.getDataset()->putAndInsertString(tag, value.c_str(), static_cast<Uint32>(value.size())).bad())
    {
      throw WrapError("cannot write the attribute " + std::string(DcmTag(tag).getTagName()) + " of the new instance");
    }
  }

  std::unique_ptr<DcmFileFormat> Create(const WrapContext& context, const char* sopClassUid, const char* modality,
                                        const std::string& contentDigest, WrapResult& result)
  {
    WrapContext study = context;
    if (study.IsNewStudy())
    {
      // Neutral placeholders; the engine's anonymization replaces them as it replaces any original value.
      study.studyInstanceUid = DerivedUid("wrap-study", study.studySeed.empty() ? "content\n" + contentDigest
                                                                                : "seed\n" + study.studySeed);
      if (study.patientId.empty())
      {
        study.patientId = "NEW-" + Crypto::ToHex(Crypto::Sha256("wrap-patient\n" + study.studyInstanceUid)).substr(0, 16);
      }
    }
    result.studyInstanceUid = study.studyInstanceUid;
    result.seriesInstanceUid = DerivedUid("wrap-series", std::string(sopClassUid) + "\n" + study.studyInstanceUid +
                                                             "\n" + contentDigest);
    result.sopInstanceUid = DerivedUid("wrap-instance", std::string(sopClassUid) + "\n" + study.studyInstanceUid +
                                                            "\n" + contentDigest);

    auto file = std::make_unique<DcmFileFormat>();
    if (!study.specificCharacterSet.empty())
    {
      Put(*file, DCM_SpecificCharacterSet, study.specificCharacterSet);
    }
    Put(*file, DCM_SOPClassUID, sopClassUid);
    Put(*file, DCM_SOPInstanceUID, result.sopInstanceUid);
    // Patient (C.7.1.1) and General Study (C.7.2.1)
    Put(*file, DCM_PatientName, study.patientName);
    Put(*file, DCM_PatientID, study.patientId);
    if (!study.issuerOfPatientId.empty())
    {
      Put(*file, DCM_IssuerOfPatientID, study.issuerOfPatientId);
    }
    Put(*file, DCM_PatientBirthDate, study.patientBirthDate);
    Put(*file, DCM_PatientSex, study.patientSex);
    Put(*file, DCM_StudyInstanceUID, study.studyInstanceUid);
    Put(*file, DCM_StudyDate, study.studyDate);
    Put(*file, DCM_StudyTime, study.studyTime);
    Put(*file, DCM_ReferringPhysicianName, study.referringPhysicianName);
    Put(*file, DCM_StudyID, study.studyId);
    Put(*file, DCM_AccessionNumber, study.accessionNumber);
    if (!study.studyDescription.empty())
    {
      Put(*file, DCM_StudyDescription, study.studyDescription);
    }
    // General Series (C.7.3.1), General Equipment (C.7.5.1), the instance's number
    Put(*file, DCM_Modality, modality);
    Put(*file, DCM_SeriesInstanceUID, result.seriesInstanceUid);
    Put(*file, DCM_SeriesNumber, study.seriesNumber.empty() ? "1" : study.seriesNumber);
    Put(*file, DCM_Manufacturer, "");
    Put(*file, DCM_InstanceNumber, study.instanceNumber.empty() ? "1" : study.instanceNumber);
    return file;
  }

  void Write(DcmFileFormat& file, WrapResult& result)
  {
    DcmDataset& dataset = *file.getDataset();
    DcmElement* element = nullptr;
    if (dataset.findAndGetElement(DCM_PixelData, element).good() && element != nullptr)
    {
      E_TransferSyntax xfer = EXS_Unknown;
      const DcmRepresentationParameter* parameter = nullptr;
      static_cast<DcmPixelData*>(element)->getCurrentRepresentationKey(xfer, parameter);
      if (xfer != EXS_Unknown && DcmXfer(xfer).isEncapsulated() && dataset.chooseRepresentation(xfer, parameter).bad())
      {
        throw WrapError("cannot encode the new instance's encapsulated pixel data");
      }
    }
    try
    {
      result.dicom = DicomBuffer::Write(file);
    }
    catch (const std::exception& e)
    {
      throw WrapError(std::string("cannot encode the new instance: ") + e.what());
    }
  }
}
