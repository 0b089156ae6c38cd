// Text the station keeps about a citizen is UTF-8 in Unicode NFC (composed)
// form, so that "Nguyễn" typed on two keyboards compares and prints the same
// and matches the registry byte for byte. ICU does the Unicode work.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hal/result.hpp"

namespace station::dossier {

// The NFC form of `utf8`. kInvalidArgument naming the byte offset when it is
// not well-formed UTF-8. Forms call this on what an officer typed.
hal::Result<std::string> to_nfc(std::string_view utf8);

// A sentence saying what is wrong with a person's name (well-formed UTF-8,
// NFC, Latin-script letters with spaces, hyphens and apostrophes only, no
// leading, trailing or doubled spaces, at most 100 characters), or nothing
// when it is fine.
std::optional<std::string> name_problem(std::string_view utf8);

// The same for free text such as a place or an ethnicity: well-formed UTF-8,
// NFC, no control characters, no leading or trailing spaces, at most
// `max_characters` characters.
std::optional<std::string> text_problem(std::string_view utf8, int max_characters);

}  // namespace station::dossier
