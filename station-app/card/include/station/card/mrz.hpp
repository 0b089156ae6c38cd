// The TD1 machine readable zone (ICAO Doc 9303 part 5): three lines of 30
// characters, check digits with weights 7-3-1 (part 3 section 4.9).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "hal/result.hpp"
#include "station/card/holder_data.hpp"

namespace station::card {

inline constexpr std::size_t kTd1LineLength = 30;

// '0'-'9': digits count as themselves, A-Z as 10-35, '<' as 0. kInvalidArgument
// for any other character.
hal::Result<char> mrz_check_digit(std::string_view characters);

// The name field: PRIMARY<<SECONDARY (components joined by '<'), filled with
// '<' to `width`. When it does not fit, components are cut from the end of
// the name backwards: each secondary component (last first) down to its
// initial, then each primary component likewise, then the field is cut at
// `width`; a cut name always ends in a letter in the last position, which is
// how a reader knows it was cut (Doc 9303 part 3 section 4.6).
std::string mrz_name_field(std::string_view primary, std::string_view secondary, std::size_t width);

struct Td1Mrz {
  std::array<std::string, 3> lines;
  // The 90 characters DG1 stores.
  std::string text() const { return lines[0] + lines[1] + lines[2]; }
};

// From validated holder data. kInvalidArgument when a name has no
// transliteration.
hal::Result<Td1Mrz> make_td1(const CardHolderData& holder);

struct Td1Fields {
  std::string document_code, issuing_state, document_number, optional_data_1;
  std::string date_of_birth, sex, date_of_expiry, nationality, optional_data_2;  // as in the MRZ
  std::string primary_identifier, secondary_identifier;                           // fillers as spaces
};

// Parses 90 characters and checks all four check digits. kCorrupt naming the
// check digit that fails or the character that is not allowed.
hal::Result<Td1Fields> parse_td1(std::string_view mrz);

}  // namespace station::card
