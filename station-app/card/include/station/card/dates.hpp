// Dates as the card writes them, over the dossier's PartialDate: full, or
// (for a date of birth) partial, with the unknown month and day left out.
// ISO 8601 text is the dossier's (dossier::to_iso8601).
#pragma once

#include <string>
#include <string_view>

#include "hal/result.hpp"
#include "station/dossier/dossier.hpp"

namespace station::card {

using dossier::PartialDate;

// "2001-02-28", or with `allow_partial` also "2001-02" and "2001".
// kInvalidArgument naming `field` for anything else or a date the calendar
// does not have (years 1800-2299).
hal::Result<PartialDate> parse_date(std::string_view text, bool allow_partial, std::string_view field);

// MRZ form YYMMDD; unknown parts are fillers ("01<<<<").
std::string mrz_yymmdd(const PartialDate& date);

// DG13 form: "YYYYMMDD", "YYYYMM" or "YYYY".
std::string compact_text(const PartialDate& date);
// Its inverse. kCorrupt naming `field`.
hal::Result<PartialDate> parse_compact(std::string_view text, std::string_view field);

}  // namespace station::card
