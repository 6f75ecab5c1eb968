#pragma once

#include "Core/Anonymizer.h"
#include "Core/ConfidentialityTable.h"
#include "Core/ProfileRegistry.h"
#include "Core/Pseudonymizer.h"

#include <dcmtk/dcmdata/dcfilefo.h>

#include <memory>
#include <string>

// Shared helpers of the unit tests: the reference table, a registry with the built-in profiles, and
// small DICOM instances built in memory.
namespace Ratatoskr::Tests
{
  std::shared_ptr<const Core::ConfidentialityTable> Table();

  // A registry with the built-in profiles (embedded Profiles/*.json).
  Core::ProfileRegistry& BuiltinRegistry();

  // A registry with the built-ins plus one profile given as JSON; returns the resolved profile.
  std::shared_ptr<const Core::ResolvedProfile> ProfileFromJson(const std::string& json);

  const Core::Pseudonymizer& TestPseudonymizer();   // secret "unit-test-secret"

  // A CT-like instance with patient/study/series identity, dates and a tiny pixel matrix.
  std::unique_ptr<DcmFileFormat> MakeInstance(const std::string& patientName = "DOE^JOHN",
                                              const std::string& patientId = "PID12345",
                                              const std::string& studyUid = "1.2.826.0.1.3680043.2.1125.1",
                                              const std::string& seriesUid = "1.2.826.0.1.3680043.2.1125.1.2",
                                              const std::string& sopUid = "1.2.826.0.1.3680043.2.1125.1.2.3");

  // Serialized Part 10 bytes of a file.
  std::string ToBytes(DcmFileFormat& file);

  // Value of a top-level attribute ("" if absent) / presence.
  std::string Get(DcmFileFormat& file, const DcmTagKey& tag);
  bool Has(DcmFileFormat& file, const DcmTagKey& tag);

  // Runs a profile on a file (no leak failure) and returns the report.
  Core::AnonymizationReport RunProfile(const std::shared_ptr<const Core::ResolvedProfile>& profile, DcmFileFormat& file,
                                const Core::AnonymizationContext& context = Core::AnonymizationContext());
}
