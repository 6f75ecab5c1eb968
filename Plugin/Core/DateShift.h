#pragma once

#include <string>

// Date arithmetic for the ShiftDate / TruncateDate actions and for Clean on DA/DT. Values may hold
// several values separated by '\' and DA ranges "A-B"; every part is handled.
namespace Ratatoskr::Core::DateShift
{
  // DA: "YYYYMMDD" (also the old "YYYY.MM.DD"). Returns false if a part is not a valid date.
  bool ShiftDa(const std::string& value, int days, std::string& shifted);

  // DT: "YYYY[MM[DD[HHMMSS[.F]]]][&ZZXX]"; the date part moves, time and offset stay.
  bool ShiftDt(const std::string& value, int days, std::string& shifted);

  // DA -> "YYYY0101" / "YYYYMM01"; DT -> "YYYY" / "YYYYMM". Returns false on an invalid value.
  bool TruncateDa(const std::string& value, bool keepMonth, std::string& truncated);
  bool TruncateDt(const std::string& value, bool keepMonth, std::string& truncated);

  // An offset from UTC as Timezone Offset From UTC (0008,0201) and DT hold it: "+HHMM" or "-HHMM",
  // from -1200 to +1400, minutes below 60, "-0000" excluded (PS3.3 C.12.1.1.8, PS3.5 Table 6.2-1).
  bool IsUtcOffset(const std::string& value);

  // Days since 1970-01-01 of a proleptic Gregorian date, and back.
  long DaysFromCivil(int year, unsigned int month, unsigned int day);
  void CivilFromDays(long days, int& year, unsigned int& month, unsigned int& day);
}
