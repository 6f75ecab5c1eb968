#pragma once

#include "Core/Errors.h"
#include "Core/Pseudonymizer.h"
#include "Core/ResolvedProfile.h"

#include <json/value.h>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

class DcmFileFormat;

// The anonymization engine: applies a resolved profile to one DICOM instance, rewrites the file meta
// header, marks the result as de-identified (PS3.15) and checks the output for surviving original
// identifying values. Thread-safe: Apply/AnonymizeBuffer/Preview are const and share no mutable state,
// so one Anonymizer serves every worker thread.
namespace Ratatoskr::Core
{
  struct AnonymizationContext
  {
    std::map<std::string, std::string> metadata;  // placeholders like {CourseId}, {CaseId}
    bool failOnLeak = true;
  };

  struct AnonymizationReport
  {
    std::vector<std::string> leaks;      // attribute paths where an original identifying value survived
    std::vector<std::string> warnings;   // no patient data
    std::string originalStudyUidHash;    // keyed digest, never the UID itself
    std::string newStudyInstanceUid, newSeriesInstanceUid, newSopInstanceUid, patientPseudonym;
    size_t removed = 0, emptied = 0, replaced = 0, remapped = 0, kept = 0, shifted = 0;
  };

  class Anonymizer
  {
  public:
    // Throws std::invalid_argument if profile is null.
    Anonymizer(std::shared_ptr<const ResolvedProfile> profile, const Pseudonymizer& pseudonymizer);

    // Anonymizes a file in memory (fast path of the CLI). Throws BurnedInAnnotationError,
    // DicomInputError (e.g. no dataset, undecodable pixels that must be masked), AnonymizationError,
    // and LeakError when ctx.failOnLeak and the leak check finds survivors (the file is then left
    // half-anonymized: do not write it).
    AnonymizationReport Apply(DcmFileFormat& file, const AnonymizationContext& ctx) const;

    // Bytes in, bytes out (Explicit VR Little Endian unless the input transfer syntax is kept).
    // Throws DicomInputError for bad input and the errors of Apply().
    std::string AnonymizeBuffer(const void* data, size_t size, const AnonymizationContext& ctx,
                                AnonymizationReport& report) const;

    // For the operator's preview: JSON array of {"Path","Tag","Keyword","Action","Before","After"} for
    // every attribute the profile touches or keeps. Before may contain PHI: show it only to an
    // authenticated operator. Throws DicomInputError for bad input.
    Json::Value Preview(const void* data, size_t size, const AnonymizationContext& ctx) const;

    const ResolvedProfile& Profile() const { return *profile_; }
    const Pseudonymizer& PseudonymizerUsed() const { return pseudonymizer_; }

  private:
    std::shared_ptr<const ResolvedProfile> profile_;
    Pseudonymizer pseudonymizer_;
  };
}
