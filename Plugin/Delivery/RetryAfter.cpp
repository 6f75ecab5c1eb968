#include "Delivery/RetryAfter.h"

#include <array>

namespace Ratatoskr::Delivery
{
  namespace
  {
    const std::array<const char*, 7> ShortDays = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    const std::array<const char*, 7> LongDays = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                                 "Saturday", "Sunday"};
    const std::array<const char*, 12> Months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    // Reads the grammar of HTTP-date left to right; every method consumes only on success.
    class Cursor
    {
    public:
      explicit Cursor(const std::string& text) : text_(text) {}

      bool AtEnd() const { return position_ == text_.size(); }

      bool Literal(const std::string& literal)
      {
        if (text_.compare(position_, literal.size(), literal) != 0)
        {
          return false;
        }
        position_ += literal.size();
        return true;
      }

      template <size_t N>
      bool OneOf(const std::array<const char*, N>& words, int& index)
      {
        for (size_t i = 0; i < N; i++)
        {
          const std::string word = words[i];
          if (text_.compare(position_, word.size(), word) == 0)
          {
            position_ += word.size();
            index = static_cast<int>(i);
            return true;
          }
        }
        return false;
      }

      bool Digits(size_t count, int& value)
      {
        if (position_ + count > text_.size())
        {
          return false;
        }
        int result = 0;
        for (size_t i = 0; i < count; i++)
        {
          const char c = text_[position_ + i];
          if (c < '0' || c > '9')
          {
            return false;
          }
          result = result * 10 + (c - '0');
        }
        position_ += count;
        value = result;
        return true;
      }

    private:
      const std::string& text_;
      size_t position_ = 0;
    };

    struct DateTime
    {
      int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    };

    bool IsLeap(int year)
    {
      return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    int DaysInMonth(int year, int month)   // month 1-12
    {
      static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      return month == 2 && IsLeap(year) ? 29 : days[month - 1];
    }

    // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    std::int64_t DaysFromCivil(std::int64_t y, int m, int d)
    {
      y -= m <= 2 ? 1 : 0;
      const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
      const std::int64_t yearOfEra = y - era * 400;
      const std::int64_t dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
      const std::int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
      return era * 146097 + dayOfEra - 719468;
    }

    bool TimeOfDay(Cursor& cursor, DateTime& date)
    {
      return cursor.Digits(2, date.hour) && cursor.Literal(":") && cursor.Digits(2, date.minute) &&
             cursor.Literal(":") && cursor.Digits(2, date.second);
    }

    bool Month(Cursor& cursor, DateTime& date)
    {
      int index = 0;
      if (!cursor.OneOf(Months, index))
      {
        return false;
      }
      date.month = index + 1;
      return true;
    }

    bool ImfFixdate(const std::string& text, DateTime& date)   // Sun, 06 Nov 1994 08:49:37 GMT
    {
      Cursor cursor(text);
      int day = 0;
      return cursor.OneOf(ShortDays, day) && cursor.Literal(", ") && cursor.Digits(2, date.day) &&
             cursor.Literal(" ") && Month(cursor, date) && cursor.Literal(" ") && cursor.Digits(4, date.year) &&
             cursor.Literal(" ") && TimeOfDay(cursor, date) && cursor.Literal(" GMT") && cursor.AtEnd();
    }

    bool Rfc850Date(const std::string& text, DateTime& date, int currentYear)   // Sunday, 06-Nov-94 08:49:37 GMT
    {
      Cursor cursor(text);
      int day = 0;
      int twoDigits = 0;
      if (!(cursor.OneOf(LongDays, day) && cursor.Literal(", ") && cursor.Digits(2, date.day) &&
            cursor.Literal("-") && Month(cursor, date) && cursor.Literal("-") && cursor.Digits(2, twoDigits) &&
            cursor.Literal(" ") && TimeOfDay(cursor, date) && cursor.Literal(" GMT") && cursor.AtEnd()))
      {
        return false;
      }
      // RFC 9110: a year that appears more than 50 years in the future is the latest past one with the
      // same two last digits.
      date.year = currentYear - currentYear % 100 + twoDigits;
      if (date.year > currentYear + 50)
      {
        date.year -= 100;
      }
      return true;
    }

    bool AsctimeDate(const std::string& text, DateTime& date)   // Sun Nov  6 08:49:37 1994
    {
      Cursor cursor(text);
      int day = 0;
      if (!(cursor.OneOf(ShortDays, day) && cursor.Literal(" ") && Month(cursor, date) && cursor.Literal(" ")))
      {
        return false;
      }
      const bool dayRead = cursor.Literal(" ") ? cursor.Digits(1, date.day) : cursor.Digits(2, date.day);
      return dayRead && cursor.Literal(" ") && TimeOfDay(cursor, date) && cursor.Literal(" ") &&
             cursor.Digits(4, date.year) && cursor.AtEnd();
    }

    int YearOf(std::chrono::system_clock::time_point now)
    {
      const std::int64_t days =
        std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() / 24;
      int year = 1970 + static_cast<int>(days / 366);   // a lower bound, then walk up
      while (DaysFromCivil(year + 1, 1, 1) <= days)
      {
        year++;
      }
      return year;
    }

    std::string WithoutBlanks(const std::string& value)
    {
      const size_t first = value.find_first_not_of(" \t");
      if (first == std::string::npos)
      {
        return "";
      }
      return value.substr(first, value.find_last_not_of(" \t") - first + 1);
    }
  }

  std::optional<std::int64_t> ParseHttpDate(const std::string& text, std::chrono::system_clock::time_point now)
  {
    DateTime date;
    if (!ImfFixdate(text, date) && !Rfc850Date(text, date, YearOf(now)) && !AsctimeDate(text, date))
    {
      return std::nullopt;
    }
    // Seconds up to 60: a leap second is a valid time-of-day.
    if (date.day < 1 || date.day > DaysInMonth(date.year, date.month) || date.hour > 23 || date.minute > 59 ||
        date.second > 60)
    {
      return std::nullopt;
    }
    return DaysFromCivil(date.year, date.month, date.day) * 86400 + date.hour * 3600 + date.minute * 60 +
           date.second;
  }

  std::optional<std::chrono::seconds> ParseRetryAfter(const std::string& value,
                                                      std::chrono::system_clock::time_point now,
                                                      std::chrono::seconds maximum)
  {
    const std::string text = WithoutBlanks(value);
    if (text.empty())
    {
      return std::nullopt;
    }
    if (text.find_first_not_of("0123456789") == std::string::npos)   // delta-seconds
    {
      std::int64_t seconds = 0;
      for (char c : text)
      {
        seconds = seconds * 10 + (c - '0');
        if (seconds >= maximum.count())
        {
          return maximum;   // also stops before an overflow
        }
      }
      return std::chrono::seconds(seconds);
    }
    const auto date = ParseHttpDate(text, now);
    if (!date)
    {
      return std::nullopt;
    }
    const std::int64_t nowSeconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const std::int64_t delay = *date - nowSeconds;
    if (delay <= 0)
    {
      return std::chrono::seconds(0);
    }
    return delay >= maximum.count() ? maximum : std::chrono::seconds(delay);
  }
}
