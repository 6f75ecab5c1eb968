#pragma once

#include <json/value.h>

class DcmFileFormat;

// What the upload page shows of a file in its tree (study, series, modality, SOP class, burned-in flag,
// size...). Computed in the browser and shown only to the person who owns the file: it holds original
// values (patient name, descriptions, UIDs) and never leaves the page.
namespace Ratatoskr::Wasm
{
  // {"StudyInstanceUid", "SeriesInstanceUid", "SopInstanceUid", "SopClassUid", "Modality", "PatientName",
  //  "PatientId", "StudyDate", "StudyDescription", "SeriesDescription", "SeriesNumber", "InstanceNumber",
  //  "BurnedInAnnotation" ("YES", "NO" or ""), "Rows", "Columns", "NumberOfFrames", "TransferSyntaxUid"}
  // (attributes the file lacks are empty strings, numbers 0).
  Json::Value FileSummary(DcmFileFormat& file);
}
