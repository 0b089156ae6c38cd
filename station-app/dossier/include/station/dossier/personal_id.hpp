// The 12-digit Vietnamese personal identification number (số định danh cá
// nhân, the citizen identity card number), Decree 137/2015/ND-CP art. 13 and
// Circular 07/2016/TT-BCA art. 7:
//   PPP C YY RRRRRR
//   PPP    province where the birth was registered (Appendix I of the Circular)
//   C      century of birth and sex: 0/1 = 1900s male/female, 2/3 = 2000s,
//          4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s
//   YY     last two digits of the year of birth
//   RRRRRR random
#pragma once

#include <optional>
#include <string_view>

#include "hal/result.hpp"
#include "station/dossier/dossier.hpp"

namespace station::dossier {

struct PersonalIdNumber {
  std::string_view province_code;  // views into the parsed text
  std::string_view province_name;  // from the built-in table, UTF-8
  int birth_year = 0;
  Sex sex = Sex::kUnknown;
};

// Splits and checks a personal id number. kInvalidArgument with a sentence
// saying what is wrong (length, a non-digit, an unknown province code).
hal::Result<PersonalIdNumber> parse_personal_id(std::string_view digits);

// The province a 3-digit code stands for, from Appendix I of Circular
// 07/2016/TT-BCA (the 63 provinces and cities before the 2025 mergers; an
// existing number keeps its code for life).
std::optional<std::string_view> province_name(std::string_view code);

// How many provinces the table holds (63), for tests and documentation.
int province_count();

}  // namespace station::dossier
