#pragma once

#include <dcmtk/dcmdata/dcvr.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

class DcmElement;

// Small helpers to read and write element values as text, by VR.
namespace Ratatoskr::Core::DicomValues
{
  bool IsStringVr(DcmEVR vr);        // AE AS CS DA DS DT IS LO LT PN SH ST TM UC UI UR UT
  bool IsFreeTextVr(DcmEVR vr);      // AE LO LT PN SH ST UC UR UT: text that Clean may edit
  bool IsSequenceVr(DcmEVR vr);
  bool IsNumericBinaryVr(DcmEVR vr); // US SS UL SL FL FD AT UV SV and the US-or-SS forms
  bool IsBulkVr(DcmEVR vr);          // OB OW OF OD OL OV UN and pixel/overlay data

  // Whole value of a string VR element (values joined by '\'), trailing padding removed.
  // Numeric binary VRs are converted to text. Returns "" for bulk and sequence elements.
  std::string GetText(DcmElement& element);

  // Raw bytes of a bulk element (OB/UN/...), at most `limit` bytes; empty if larger or unreadable.
  std::string GetBytes(DcmElement& element, size_t limit);

  // Sets the value of a string (or numeric) VR element, cut to the VR's maximum length per value.
  // Returns false if DCMTK refused the value.
  bool SetText(DcmElement& element, const std::string& value);

  // Maximum length of one value of the VR in characters (0: unlimited or not applicable).
  size_t MaxLength(DcmEVR vr);

  std::vector<std::string> SplitValues(const std::string& value);   // on '\'
  std::string JoinValues(const std::vector<std::string>& values);
  std::string Trim(const std::string& value);                       // spaces and NULs, both ends
  std::string_view TrimView(std::string_view value);                // the same, without a copy
}
