// Names as the MRZ writes them (ICAO Doc 9303 part 3, section 6): upper-case
// Latin letters only. Vietnamese needs diacritics removed and Đ/đ -> D;
// other Latin letters the table of part 3 lists (ß -> SS, Æ -> AE, Ø -> OE,
// Þ -> TH ...) are taken too. Separators (space, hyphen, comma) become the
// filler '<'; apostrophes are dropped.
#pragma once

#include <string>
#include <string_view>

#include "hal/result.hpp"

namespace station::card {

// One name component string in UTF-8 ("Nguyễn Thị Ánh") -> "NGUYEN<THI<ANH".
// kInvalidArgument for text that is not UTF-8 or holds a character with no
// MRZ transliteration (digits, other scripts), naming it and `field`.
hal::Result<std::string> transliterate_for_mrz(std::string_view utf8, std::string_view field);

// The text in Unicode NFC (what DG13 stores), so "e + combining acute" and
// "é" are the same bytes. kInvalidArgument when `utf8` is not UTF-8.
hal::Result<std::string> to_nfc(std::string_view utf8, std::string_view field);

}  // namespace station::card
