#include "Core/WrapContext.h"

#include "Core/Crypto.h"
#include "Core/DicomBuffer.h"
#include "Core/DicomValues.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <cctype>
#include <map>

namespace Ratatoskr::Core
{
  namespace
  {
    struct Field
    {
      const char* keyword;
      std::string WrapContext::*member;
      DcmTagKey tag;
      bool fromFile;   // copied from a DICOM file (false: not an attribute of the file)
    };

    const Field Fields[] = {
      {"SpecificCharacterSet", &WrapContext::specificCharacterSet, DCM_SpecificCharacterSet, true},
      {"PatientName", &WrapContext::patientName, DCM_PatientName, true},
      {"PatientID", &WrapContext::patientId, DCM_PatientID, true},
      {"IssuerOfPatientID", &WrapContext::issuerOfPatientId, DCM_IssuerOfPatientID, true},
      {"PatientBirthDate", &WrapContext::patientBirthDate, DCM_PatientBirthDate, true},
      {"PatientSex", &WrapContext::patientSex, DCM_PatientSex, true},
      {"StudyInstanceUID", &WrapContext::studyInstanceUid, DCM_StudyInstanceUID, true},
      {"StudyDate", &WrapContext::studyDate, DCM_StudyDate, true},
      {"StudyTime", &WrapContext::studyTime, DCM_StudyTime, true},
      {"AccessionNumber", &WrapContext::accessionNumber, DCM_AccessionNumber, true},
      {"StudyID", &WrapContext::studyId, DCM_StudyID, true},
      {"ReferringPhysicianName", &WrapContext::referringPhysicianName, DCM_ReferringPhysicianName, true},
      {"StudyDescription", &WrapContext::studyDescription, DCM_StudyDescription, true},
      {"StudySeed", &WrapContext::studySeed, DcmTagKey(), false},
      {"SeriesNumber", &WrapContext::seriesNumber, DcmTagKey(), false},
      {"InstanceNumber", &WrapContext::instanceNumber, DcmTagKey(), false},
    };

    bool AllOf(const std::string& text, int (*predicate)(int))
    {
      for (const char c : text)
      {
        if (!predicate(static_cast<unsigned char>(c)))
        {
          return false;
        }
      }
      return true;
    }

    int IsUidCharacter(int c) { return std::isdigit(c) || c == '.'; }
    int IsTimeCharacter(int c) { return std::isdigit(c) || c == '.'; }
    int IsAscii(int c) { return c < 0x80; }

    void Check(bool condition, const std::string& keyword, const char* rule)
    {
      if (!condition)
      {
        throw WrapError("the study context's " + keyword + " is not " + rule);
      }
    }

    void Validate(const WrapContext& context)
    {
      const std::string& uid = context.studyInstanceUid;
      Check(uid.empty() || (uid.size() <= 64 && AllOf(uid, IsUidCharacter) && uid.front() != '.' && uid.back() != '.'),
            "StudyInstanceUID", "a UID (digits and dots, at most 64 characters)");
      for (const auto& [keyword, value] : {std::pair<const char*, const std::string*>{"StudyDate", &context.studyDate},
                                           {"PatientBirthDate", &context.patientBirthDate}})
      {
        Check(value->empty() || (value->size() == 8 && AllOf(*value, [](int c) { return std::isdigit(c) ? 1 : 0; })),
              keyword, "a DICOM date (YYYYMMDD)");
      }
      Check(context.studyTime.size() <= 16 && AllOf(context.studyTime, IsTimeCharacter), "StudyTime",
            "a DICOM time (HHMMSS.FFFFFF)");
      for (const auto& [keyword, value] : {std::pair<const char*, const std::string*>{"SeriesNumber", &context.seriesNumber},
                                           {"InstanceNumber", &context.instanceNumber}})
      {
        Check(value->size() <= 9 && AllOf(*value, [](int c) { return std::isdigit(c) ? 1 : 0; }), keyword,
              "a number (at most 9 digits)");
      }
      Check(context.patientSex.size() <= 16, "PatientSex", "a code string (M, F or O)");
    }
  }

  WrapContext WrapContext::FromDicom(const void* data, size_t size)
  {
    std::unique_ptr<DcmFileFormat> file;
    try
    {
      file = DicomBuffer::Read(data, size);
    }
    catch (const DicomInputError& e)
    {
      throw WrapError(std::string("the file given as the study of the new instance cannot be read: ") + e.what());
    }
    DcmDataset& dataset = *file->getDataset();
    WrapContext context;
    for (const Field& field : Fields)
    {
      if (field.fromFile)
      {
        OFString value;
        dataset.findAndGetOFStringArray(field.tag, value);   // raw bytes, all values
        context.*field.member = DicomValues::Trim(std::string(value.c_str(), value.length()));
      }
    }
    if (context.studyInstanceUid.empty())
    {
      throw WrapError("the file given as the study of the new instance has no StudyInstanceUID");
    }
    return context;   // copied as they are, not judged: the anonymization that follows treats them as in the file
  }

  WrapContext WrapContext::FromJson(const Json::Value& json)
  {
    WrapContext context;
    if (json.isNull())
    {
      return context;
    }
    if (!json.isObject())
    {
      throw WrapError("the study context must be an object of DICOM keywords");
    }
    std::map<std::string, const Field*> byKeyword;
    for (const Field& field : Fields)
    {
      byKeyword[field.keyword] = &field;
    }
    bool ascii = true;
    for (const std::string& key : json.getMemberNames())
    {
      const auto found = byKeyword.find(key);
      if (found == byKeyword.end())
      {
        throw WrapError("the study context has an unknown key \"" + key + "\" (known: DICOM keywords such as "
                        "PatientName, PatientID, StudyInstanceUID, and StudySeed, SeriesNumber, InstanceNumber)");
      }
      if (!json[key].isString())
      {
        throw WrapError("the study context's " + key + " is not a string");
      }
      const std::string value = json[key].asString();
      if (value.size() > 1024)
      {
        throw WrapError("the study context's " + key + " is longer than 1024 bytes");
      }
      context.*(found->second->member) = value;
      ascii = ascii && AllOf(value, IsAscii);
    }
    if (!ascii && context.specificCharacterSet.empty())
    {
      context.specificCharacterSet = "ISO_IR 192";   // JavaScript's text arrives as UTF-8
    }
    Validate(context);
    return context;
  }

  std::string DerivedUid(const std::string& purpose, const std::string& data)
  {
    std::string message = purpose;
    message.push_back('\0');
    message += data;
    return "2.25." + Crypto::ToDecimal128(Crypto::Sha256(message).substr(0, 16));
  }
}
