#pragma once

#include <json/value.h>

#include <cstddef>
#include <string>

// Where a wrapped file (a picture, a PDF, a video turned into a DICOM instance) goes: the patient and study
// attributes it gets. Either those of a DICOM instance of the same drop, with their ORIGINAL values (the engine
// anonymizes the wrapped instance right after, in the browser, so they map to the same pseudonyms as the rest
// of the case), or a new study with neutral placeholders.
namespace Ratatoskr::Core
{
  struct WrapContext
  {
    std::string specificCharacterSet;   // of the values below, copied with them ("": the default repertoire)
    std::string patientName;
    std::string patientId;
    std::string issuerOfPatientId;      // with PatientID, what the engine's patient pseudonym and date shift derive from
    std::string patientBirthDate;
    std::string patientSex;
    std::string studyInstanceUid;       // "": a new study (see studySeed)
    std::string studyDate;
    std::string studyTime;
    std::string accessionNumber;
    std::string studyId;
    std::string referringPhysicianName;
    std::string studyDescription;

    // A new study only: files wrapped with the same seed (any text, e.g. an identifier of the drop) get the
    // same new StudyInstanceUID and placeholder PatientID; without a seed each file gets a study of its own,
    // derived from its bytes.
    std::string studySeed;

    std::string seriesNumber;           // "": 1
    std::string instanceNumber;         // "": 1

    bool IsNewStudy() const { return studyInstanceUid.empty(); }

    // The study attributes of a DICOM Part 10 file, byte for byte (with its Specific Character Set), not checked
    // (they are the file's values). Throws WrapError when it is not a DICOM file or has no StudyInstanceUID.
    static WrapContext FromDicom(const void* data, size_t size);

    // From an object of DICOM keywords (PatientName, PatientID, IssuerOfPatientID, PatientBirthDate, PatientSex,
    // StudyInstanceUID, StudyDate, StudyTime, AccessionNumber, StudyID, ReferringPhysicianName,
    // StudyDescription, SpecificCharacterSet) plus StudySeed, SeriesNumber, InstanceNumber, all strings (text
    // of JavaScript: UTF-8, SpecificCharacterSet "ISO_IR 192" by default when a value is not ASCII). null or
    // an empty object: a new study. Throws WrapError on an unknown key, a value that is not a string or a
    // malformed UID, date, time or number.
    static WrapContext FromJson(const Json::Value& json);
  };

  // "2.25." + the decimal of the first 128 bits of SHA-256(purpose + "\0" + data): the same data always gives
  // the same UID (so that dropping a file again gives the instance the server already has).
  std::string DerivedUid(const std::string& purpose, const std::string& data);
}
