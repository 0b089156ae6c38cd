#include "station/card/personal_id.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace station::card {

namespace {

// Province codes of Circular 07/2016/TT-BCA (the 63 provinces and cities).
constexpr std::array<int, 63> kProvinces{
    1,  2,  4,  6,  8,  10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
    34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66,
    67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96};

hal::Error bad(const std::string& why) {
  return hal::make_error(hal::ErrorCode::kInvalidArgument, "personal ID number: " + why);
}

}  // namespace

hal::Result<PersonalIdFacts> decode_personal_id(std::string_view number) {
  if (number.size() != 12 || !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return bad("'" + std::string(number) + "' is not 12 digits");
  }
  auto digit = [&](std::size_t i) { return number[i] - '0'; };
  PersonalIdFacts facts;
  facts.province = digit(0) * 100 + digit(1) * 10 + digit(2);
  if (std::find(kProvinces.begin(), kProvinces.end(), facts.province) == kProvinces.end()) {
    return bad("'" + std::string(number.substr(0, 3)) + "' is not a province code");
  }
  // Even digits are men, odd women; each pair moves a century on from 1900.
  const int code = digit(3);
  facts.century = 1900 + 100 * (code / 2);
  facts.sex = code % 2 == 0 ? Sex::kMale : Sex::kFemale;
  facts.year_of_birth = facts.century + digit(4) * 10 + digit(5);
  return facts;
}

hal::Status check_personal_id(std::string_view number, int year_of_birth, Sex sex) {
  auto facts = decode_personal_id(number);
  if (!facts) return facts.error();
  if (facts->year_of_birth != year_of_birth) {
    return bad("its digits 4-6 say born in " + std::to_string(facts->year_of_birth) + ", the date of birth says " +
               std::to_string(year_of_birth));
  }
  if (sex != facts->sex) {
    return bad(std::string("its fourth digit says ") + (facts->sex == Sex::kMale ? "male" : "female") +
               ", the sex given is " + (sex == Sex::kMale ? "male" : sex == Sex::kFemale ? "female" : "unspecified"));
  }
  return {};
}

}  // namespace station::card
