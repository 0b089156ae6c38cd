// Calendar dates as the card writes them: full, or (for a date of birth)
// partial, with the unknown month and day left out.
#pragma once

#include <string>
#include <string_view>

#include "hal/result.hpp"

namespace station::card {

struct CalendarDate {
  int year = 0;
  int month = 0;  // 0: unknown (then day is unknown too)
  int day = 0;    // 0: unknown

  bool complete() const { return month != 0 && day != 0; }
  friend bool operator==(const CalendarDate&, const CalendarDate&) = default;
  friend auto operator<=>(const CalendarDate&, const CalendarDate&) = default;
};

// "2001-02-28", or with `allow_partial` also "2001-02" and "2001".
// kInvalidArgument naming `field` for anything else or a date the calendar
// does not have (years 1800-2299).
hal::Result<CalendarDate> parse_date(std::string_view text, bool allow_partial, std::string_view field);

// "2001-02-28", "2001-02", "2001".
std::string iso_text(const CalendarDate& date);

// MRZ form YYMMDD; unknown parts are fillers ("01<<<<").
std::string mrz_yymmdd(const CalendarDate& date);

// DG13 form: "YYYYMMDD", "YYYYMM" or "YYYY".
std::string compact_text(const CalendarDate& date);
// Its inverse. kCorrupt naming `field`.
hal::Result<CalendarDate> parse_compact(std::string_view text, std::string_view field);

}  // namespace station::card
