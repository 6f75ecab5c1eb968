#pragma once

// Orthanc metadata (numeric indexes, usable without "UserMetadata" configuration) that link a source
// and its anonymized result. Values are Orthanc IDs and profile names: never patient data.
namespace Ratatoskr::MetadataIndex
{
  constexpr int ResultSource = 4401;     // on the anonymized study: "<Level>/<Orthanc ID of the source>"
  constexpr int ResultJob = 4402;        // on the anonymized study: the Orthanc job ID that made it
  constexpr int ResultProfile = 4403;    // on the anonymized study: "<profile> v<version> #<hash>"
  constexpr int SourceResult = 4404;     // on the source study: Orthanc ID of its latest anonymized study
  constexpr int Invite = 4410;           // on an instance an invite's upload stored: the invite's ID
  constexpr int Upload = 4411;           // on that instance: the upload's ID
}
