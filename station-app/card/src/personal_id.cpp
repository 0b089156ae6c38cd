#include "station/card/personal_id.hpp"

#include <string>

#include "station/dossier/personal_id.hpp"

namespace station::card {

namespace {

hal::Error bad(const std::string& why) {
  return hal::make_error(hal::ErrorCode::kInvalidArgument, "personal ID number: " + why);
}

const char* sex_word(Sex sex) {
  return sex == Sex::kMale ? "male" : sex == Sex::kFemale ? "female" : "unspecified";
}

}  // namespace

hal::Status check_personal_id(std::string_view number, int year_of_birth, Sex sex) {
  auto id = dossier::parse_personal_id(number);
  if (!id) return bad(id.error().message);
  if (id->birth_year != year_of_birth) {
    return bad("its digits 4-6 say born in " + std::to_string(id->birth_year) + ", the date of birth says " +
               std::to_string(year_of_birth));
  }
  if (sex != id->sex) {
    return bad(std::string("its fourth digit says ") + sex_word(id->sex) + ", the sex given is " + sex_word(sex));
  }
  return {};
}

}  // namespace station::card
