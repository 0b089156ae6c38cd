#include "station/card/dates.hpp"

#include <cstdio>

namespace station::card {

namespace {

constexpr int kFirstYear = 1800;
constexpr int kLastYear = 2299;

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

// Digits only, exactly `count` of them.
bool number(std::string_view text, std::size_t count, int& out) {
  if (text.size() != count) return false;
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

bool in_calendar(const PartialDate& d) {
  if (d.year < kFirstYear || d.year > kLastYear) return false;
  if (d.month == 0) return d.day == 0;
  if (d.month > 12) return false;
  return d.day == 0 || d.day <= days_in(d.year, d.month);
}

std::string two(int v) {
  char text[4];
  std::snprintf(text, sizeof text, "%02d", v % 100);
  return text;
}

}  // namespace

// The text is read by the dossier's ISO 8601 parser; the card adds its own
// rules: whether a partial date is allowed here, no "00" written for a month
// or day, and a day the calendar has within kFirstYear..kLastYear.
hal::Result<PartialDate> parse_date(std::string_view text, bool allow_partial, std::string_view field) {
  auto parsed = dossier::parse_iso8601(text);
  const PartialDate d = parsed ? *parsed : PartialDate{};
  const bool partial_refused = !allow_partial && text.size() != 10;
  const bool zero_written = (text.size() >= 7 && d.month == 0) || (text.size() == 10 && d.day == 0);
  if (!parsed || partial_refused || zero_written || !in_calendar(d)) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           std::string(field) + ": '" + std::string(text) + "' is not a date (YYYY-MM-DD" +
                               (allow_partial ? ", YYYY-MM or YYYY" : "") + ")");
  }
  return d;
}

std::string mrz_yymmdd(const PartialDate& d) {
  return two(d.year) + (d.month ? two(d.month) : "<<") + (d.day ? two(d.day) : "<<");
}

std::string compact_text(const PartialDate& d) {
  std::string text = std::to_string(d.year);
  if (d.month) text += two(d.month);
  if (d.day) text += two(d.day);
  return text;
}

hal::Result<PartialDate> parse_compact(std::string_view text, std::string_view field) {
  PartialDate d;
  bool ok = number(text.substr(0, 4), 4, d.year);
  if (ok && text.size() >= 6) ok = number(text.substr(4, 2), 2, d.month) && d.month != 0;
  if (ok && text.size() == 8) ok = number(text.substr(6, 2), 2, d.day) && d.day != 0;
  ok = ok && (text.size() == 4 || text.size() == 6 || text.size() == 8) && in_calendar(d);
  if (!ok) {
    return hal::make_error(hal::ErrorCode::kCorrupt,
                           std::string(field) + ": '" + std::string(text) + "' is not a YYYY[MM[DD]] date");
  }
  return d;
}

}  // namespace station::card
