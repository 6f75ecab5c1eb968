#include "Core/InstanceAnonymization.h"

#include "Core/DicomValues.h"
#include "Core/ElementKinds.h"
#include "Core/PixelMasker.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <cctype>
#include <cstring>
#include <string>

// InstanceAnonymization, before the walk: burned-in annotation (reject, mask, or settle a document), the
// original identity (patient key, pseudonyms, date shift), the IOD of the instance, placeholder values.
namespace Ratatoskr::Core
{
  using namespace ElementKinds;

  namespace
  {
    const size_t PseudonymLength = 12;

    std::string Upper(const std::string& text)
    {
      std::string upper = text;
      for (char& c : upper)
      {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      return upper;
    }
  }

  void InstanceAnonymization::HandleBurnedInAnnotation(DcmItem& item)
  {
    DcmDataset& dataset = static_cast<DcmDataset&>(item);
    OFString flag;
    dataset.findAndGetOFString(DCM_BurnedInAnnotation, flag);
    const bool burnedIn = Upper(DicomValues::Trim(std::string(flag.c_str()))) == "YES";
    if (burnedIn && !dataset.tagExists(DCM_PixelData) && dataset.tagExists(DCM_EncapsulatedDocument))
    {
      // The flag is about the document (a PDF report...), which every built-in profile replaces: decided
      // after the walk, when it is known whether the document survived (SettleBurnedInDocument).
      burnedInDocument_ = true;
      return;
    }
    const PixelMask* mask = PixelMasker::FindMask(dataset, profile_.Masks());
    if (burnedIn && profile_.BurnedInAnnotation() == BurnedInAnnotationPolicy::Reject)
    {
      throw BurnedInAnnotationError("BurnedInAnnotation (0028,0301) is YES and profile '" + profile_.Name() +
                                    "' rejects such instances (its BurnedInAnnotation policy is Reject; use Mask "
                                    "with Masks for this device, or Allow)");
    }
    if (burnedIn && profile_.BurnedInAnnotation() == BurnedInAnnotationPolicy::Mask && mask == nullptr)
    {
      throw BurnedInAnnotationError("BurnedInAnnotation (0028,0301) is YES and no mask of profile '" + profile_.Name() +
                                    "' matches this instance's Manufacturer, ManufacturerModelName, Rows and Columns");
    }
    if (mask != nullptr)
    {
      PixelMasker::Apply(dataset, *mask);
      pixelsMasked_ = true;
    }
  }

  void InstanceAnonymization::SettleBurnedInDocument(DcmItem& dataset)
  {
    if (!burnedInDocument_)
    {
      return;
    }
    DcmElement* document = nullptr;
    Uint8* bytes = nullptr;
    const bool replaced = dataset.findAndGetElement(DCM_EncapsulatedDocument, document).bad() || document == nullptr ||
                          document->getLength() == 0 ||
                          (document->getLength() == DummyBytesLength && document->getUint8Array(bytes).good() &&
                           bytes != nullptr && std::memcmp(bytes, DummyBytes, DummyBytesLength) == 0);
    if (replaced)
    {
      // The identifying document is gone: the flag now describes the dummy that replaced it.
      dataset.putAndInsertString(DCM_BurnedInAnnotation, "NO");
      return;
    }
    if (profile_.BurnedInAnnotation() != BurnedInAnnotationPolicy::Allow)
    {
      throw BurnedInAnnotationError("BurnedInAnnotation (0028,0301) is YES and profile '" + profile_.Name() +
                                    "' keeps the Encapsulated Document (0042,0011) as it is; its BurnedInAnnotation "
                                    "policy is not Allow (masks apply to pixel data, not to documents)");
    }
  }

  void InstanceAnonymization::ReadOriginals(DcmItem& dataset)
  {
    const auto get = [&dataset](const DcmTagKey& tag) {
      OFString value;
      dataset.findAndGetOFStringArray(tag, value);
      return DicomValues::Trim(std::string(value.c_str(), value.length()));
    };
    const std::string patientId = get(DCM_PatientID);
    const std::string issuer = get(DCM_IssuerOfPatientID);
    const std::string patientName = get(DCM_PatientName);
    const std::string studyUid = get(DCM_StudyInstanceUID);
    const std::string seriesUid = get(DCM_SeriesInstanceUID);

    std::string& patientKey = patientKey_;
    if (!patientId.empty())
    {
      patientKey = "id:" + issuer + "\\" + patientId;
    }
    else if (!patientName.empty())
    {
      patientKey = "name:" + patientName;
    }
    else if (!studyUid.empty())
    {
      patientKey = "study:" + studyUid;
      Warn("no PatientID or PatientName: the patient pseudonym and date shift are derived from the study");
    }
    else
    {
      Warn("no PatientID, PatientName or StudyInstanceUID: the patient pseudonym and date shift are shared by all "
           "such instances");
    }
    patientPseudonym_ = session_.Pseudonym("patient", patientKey, PseudonymLength, PseudonymFormat::Alphanumeric);
    originalStudyUid_ = studyUid;
    originalSeriesUid_ = seriesUid;
    if (!studyUid.empty())
    {
      report_.originalStudyUidHash = session_.KeyedDigest("study-hash", studyUid, 16);
    }
  }

  int InstanceAnonymization::ShiftDays()
  {
    if (!shiftDays_)
    {
      shiftDays_ = session_.DateShiftDays(patientKey_, profile_.DateShift().minDays, profile_.DateShift().maxDays);
    }
    return *shiftDays_;
  }

  void InstanceAnonymization::SelectIod(DcmItem& dataset)
  {
    const IodRequirements* requirements = profile_.Iod();
    if (requirements == nullptr)
    {
      return;
    }
    OFString sopClass;
    dataset.findAndGetOFString(DCM_SOPClassUID, sopClass);
    iod_ = &requirements->ForSopClass(DicomValues::Trim(std::string(sopClass.c_str(), sopClass.length())));
    for (const uint32_t pointer : requirements->PointerAttributes())
    {
      DcmElement* element = nullptr;
      if (dataset.findAndGetElement(DcmTagKey(static_cast<Uint16>(pointer >> 16), static_cast<Uint16>(pointer & 0xffff)),
                                    element).bad() || element == nullptr)
      {
        continue;
      }
      for (unsigned long i = 0; i < element->getVM(); ++i)
      {
        DcmTagKey target;
        if (element->getTagVal(target, i).good())
        {
          pointerTargets_.push_back((static_cast<uint32_t>(target.getGroup()) << 16) | target.getElement());
        }
      }
    }
  }

  bool InstanceAnonymization::Lookup(const std::string& name, std::string& value)
  {
    if (name == "PatientPseudonym")
    {
      value = patientPseudonym_;
      return true;
    }
    if (name == "StudyPseudonym")
    {
      if (!studyPseudonym_)
      {
        studyPseudonym_ = session_.Pseudonym("study", originalStudyUid_, PseudonymLength, PseudonymFormat::Alphanumeric);
      }
      value = *studyPseudonym_;
      return true;
    }
    if (name == "SeriesPseudonym")
    {
      if (!seriesPseudonym_)
      {
        seriesPseudonym_ = session_.Pseudonym("series", originalSeriesUid_, PseudonymLength, PseudonymFormat::Alphanumeric);
      }
      value = *seriesPseudonym_;
      return true;
    }
    const auto found = context_.metadata.find(name);
    if (found != context_.metadata.end() && !found->second.empty())
    {
      value = found->second;
      return true;
    }
    return false;
  }
}
