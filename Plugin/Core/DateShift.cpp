#include "Core/DateShift.h"

#include "Core/DicomValues.h"

#include <cctype>
#include <cstdio>
#include <vector>

namespace Ratatoskr::Core::DateShift
{
  namespace
  {
    bool AllDigits(const std::string& text)
    {
      for (char c : text)
      {
        if (!std::isdigit(static_cast<unsigned char>(c)))
        {
          return false;
        }
      }
      return !text.empty();
    }

    bool IsLeap(int year)
    {
      return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    unsigned int DaysInMonth(int year, unsigned int month)
    {
      static const unsigned int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      return (month == 2 && IsLeap(year)) ? 29 : days[month - 1];
    }

    bool ParseYmd(const std::string& text, int& year, unsigned int& month, unsigned int& day)
    {
      if (text.size() != 8 || !AllDigits(text))
      {
        return false;
      }
      year = std::stoi(text.substr(0, 4));
      month = static_cast<unsigned int>(std::stoi(text.substr(4, 2)));
      day = static_cast<unsigned int>(std::stoi(text.substr(6, 2)));
      return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
    }

    std::string FormatYmd(int year, unsigned int month, unsigned int day)
    {
      char text[16];
      std::snprintf(text, sizeof(text), "%04d%02u%02u", year, month, day);
      return text;
    }

    bool ShiftYmd(const std::string& ymd, int days, std::string& shifted)
    {
      int year = 0;
      unsigned int month = 0, day = 0;
      if (!ParseYmd(ymd, year, month, day))
      {
        return false;
      }
      CivilFromDays(DaysFromCivil(year, month, day) + days, year, month, day);
      if (year < 1 || year > 9999)
      {
        return false;
      }
      shifted = FormatYmd(year, month, day);
      return true;
    }

    // Applies `one` to every value and to both ends of a DA range.
    template <typename Function>
    bool ForEachPart(const std::string& value, bool ranges, Function one, std::string& result)
    {
      std::vector<std::string> values = DicomValues::SplitValues(value);
      for (std::string& part : values)
      {
        const std::string trimmed = DicomValues::Trim(part);
        if (trimmed.empty())
        {
          part = trimmed;
          continue;
        }
        const size_t dash = ranges ? trimmed.find('-') : std::string::npos;
        if (dash != std::string::npos)
        {
          std::string low, high;
          const std::string left = trimmed.substr(0, dash);
          const std::string right = trimmed.substr(dash + 1);
          if ((!left.empty() && !one(left, low)) || (!right.empty() && !one(right, high)))
          {
            return false;
          }
          part = low + "-" + high;
        }
        else if (!one(trimmed, part))
        {
          return false;
        }
      }
      result = DicomValues::JoinValues(values);
      return true;
    }

    std::string WithoutDots(const std::string& da)
    {
      if (da.size() == 10 && da[4] == '.' && da[7] == '.')
      {
        return da.substr(0, 4) + da.substr(5, 2) + da.substr(8, 2);
      }
      return da;
    }

    // Splits a DT into its date digits (4, 6 or 8) and the rest (time, fraction, offset).
    bool SplitDt(const std::string& dt, std::string& date, std::string& rest)
    {
      size_t digits = 0;
      while (digits < dt.size() && digits < 8 && std::isdigit(static_cast<unsigned char>(dt[digits])))
      {
        ++digits;
      }
      if (digits != 4 && digits != 6 && digits != 8)
      {
        return false;
      }
      if (digits < 8 && digits < dt.size() && dt[digits] != '&' && dt[digits] != '+' && dt[digits] != '-')
      {
        return false;
      }
      date = dt.substr(0, digits);
      rest = dt.substr(digits);
      return true;
    }
  }

  long DaysFromCivil(int year, unsigned int month, unsigned int day)
  {
    // Count from a March-based year so that the leap day is the last day of the year.
    const long y = static_cast<long>(year) - (month <= 2 ? 1 : 0);
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yearOfEra = y - era * 400;                                  // [0, 399]
    const long monthFromMarch = (static_cast<long>(month) + 9) % 12;       // March = 0
    const long dayOfYear = (153 * monthFromMarch + 2) / 5 + static_cast<long>(day) - 1;
    const long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;                               // 719468: 0000-03-01 to 1970-01-01
  }

  void CivilFromDays(long days, int& year, unsigned int& month, unsigned int& day)
  {
    const long z = days + 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long dayOfEra = z - era * 146097;
    const long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const long monthFromMarch = (5 * dayOfYear + 2) / 153;
    day = static_cast<unsigned int>(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
    month = static_cast<unsigned int>(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
    year = static_cast<int>(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
  }

  bool ShiftDa(const std::string& value, int days, std::string& shifted)
  {
    return ForEachPart(value, true, [days](const std::string& da, std::string& out) {
      return ShiftYmd(WithoutDots(da), days, out);
    }, shifted);
  }

  bool ShiftDt(const std::string& value, int days, std::string& shifted)
  {
    // No ranges in DT: '-' also starts a UTC offset ("&ZZXX"), and stored instances hold no ranges.
    return ForEachPart(value, false, [days](const std::string& dt, std::string& out) {
      std::string date, rest;
      if (!SplitDt(dt, date, rest))
      {
        return false;
      }
      const size_t precision = date.size();
      std::string full = date + std::string(8 - precision, '0');
      if (precision < 8) full.replace(6, 2, "01");
      if (precision < 6) full.replace(4, 2, "01");
      std::string moved;
      if (!ShiftYmd(full, days, moved))
      {
        return false;
      }
      out = moved.substr(0, precision) + rest;
      return true;
    }, shifted);
  }

  bool IsUtcOffset(const std::string& value)
  {
    if (value.size() != 5 || (value[0] != '+' && value[0] != '-') || !AllDigits(value.substr(1)))
    {
      return false;
    }
    const int hours = std::stoi(value.substr(1, 2));
    const int minutes = std::stoi(value.substr(3, 2));
    const int offset = (value[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
    return minutes < 60 && offset >= -12 * 60 && offset <= 14 * 60 && value != "-0000";
  }

  bool TruncateDa(const std::string& value, bool keepMonth, std::string& truncated)
  {
    return ForEachPart(value, true, [keepMonth](const std::string& da, std::string& out) {
      int year = 0;
      unsigned int month = 0, day = 0;
      if (!ParseYmd(WithoutDots(da), year, month, day))
      {
        return false;
      }
      out = FormatYmd(year, keepMonth ? month : 1, 1);
      return true;
    }, truncated);
  }

  bool TruncateDt(const std::string& value, bool keepMonth, std::string& truncated)
  {
    return ForEachPart(value, false, [keepMonth](const std::string& dt, std::string& out) {
      std::string date, rest;
      if (!SplitDt(dt, date, rest))
      {
        return false;
      }
      if (keepMonth && date.size() < 6)
      {
        out = date;
        return true;
      }
      out = date.substr(0, keepMonth ? 6 : 4);
      return true;
    }, truncated);
  }
}
