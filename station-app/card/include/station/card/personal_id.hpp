// The Vietnamese 12-digit personal ID number checked against what the card
// says about its holder. The number itself (province table, century and sex
// digit) is the dossier's: station/dossier/personal_id.hpp.
#pragma once

#include <string_view>

#include "hal/result.hpp"
#include "station/card/holder_data.hpp"

namespace station::card {

// The number parses (dossier::parse_personal_id) and agrees with the year of
// birth and sex. kInvalidArgument saying which part is wrong or disagrees.
hal::Status check_personal_id(std::string_view number, int year_of_birth, Sex sex);

}  // namespace station::card
