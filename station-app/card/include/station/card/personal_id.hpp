// The Vietnamese 12-digit personal ID number (card.md): 3 digits for the
// province of birth registration, 1 for century and sex, 2 for the year of
// birth, 6 random.
#pragma once

#include <string_view>

#include "hal/result.hpp"
#include "station/card/holder_data.hpp"

namespace station::card {

struct PersonalIdFacts {
  int province = 0;  // 1-96
  int century = 0;   // 1900, 2000, ... the first year of the century of birth
  Sex sex = Sex::kUnspecified;
  int year_of_birth = 0;
};

// kInvalidArgument when the number is not 12 digits or names no province.
hal::Result<PersonalIdFacts> decode_personal_id(std::string_view number);

// The number agrees with the year of birth and sex. kInvalidArgument saying
// which part disagrees.
hal::Status check_personal_id(std::string_view number, int year_of_birth, Sex sex);

}  // namespace station::card
