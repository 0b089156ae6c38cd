#include "station/dossier/personal_id.hpp"

#include <algorithm>
#include <string>

namespace station::dossier {

namespace {

hal::Error invalid(std::string sentence) { return hal::make_error(hal::ErrorCode::kInvalidArgument, std::move(sentence)); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

hal::Result<PersonalIdNumber> parse_personal_id(std::string_view digits) {
  if (digits.size() != 12) {
    return invalid("a personal id number has 12 digits; this one has " + std::to_string(digits.size()) + " characters");
  }
  auto bad = std::find_if_not(digits.begin(), digits.end(), is_digit);
  if (bad != digits.end()) {
    return invalid("a personal id number holds digits only; character " +
                   std::to_string(bad - digits.begin() + 1) + " is '" + std::string(1, *bad) + "'");
  }
  PersonalIdNumber id;
  id.province_code = digits.substr(0, 3);
  auto province = province_name(id.province_code);
  if (!province) {
    return invalid("its first three digits " + std::string(id.province_code) +
                   " are not a province code of Circular 07/2016/TT-BCA (001 Hà Nội .. 096 Cà Mau); check the number");
  }
  id.province_name = *province;
  int century_and_sex = digits[3] - '0';
  id.sex = century_and_sex % 2 == 0 ? Sex::kMale : Sex::kFemale;
  id.birth_year = 1900 + 100 * (century_and_sex / 2) + (digits[4] - '0') * 10 + (digits[5] - '0');
  return id;
}

}  // namespace station::dossier
