#include "station/dossier/vietnamese_text.hpp"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <vector>

namespace station::dossier {

namespace {

constexpr int kMaxNameCharacters = 100;

// "'Д' (U+0414)"
std::string describe(UChar32 c) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
  char utf8[U8_MAX_LENGTH + 1] = {};
  int length = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(utf8), length, U8_MAX_LENGTH, c, error);
  if (error || u_iscntrl(c)) return code;
  return "'" + std::string(utf8, static_cast<std::size_t>(length)) + "' (" + code + ")";
}

struct Decoded {
  std::vector<UChar32> code_points;
  std::u16string utf16;
};

// Decodes UTF-8, or says at which byte it stops being well-formed.
hal::Result<Decoded> decode(std::string_view utf8) {
  Decoded out;
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  int32_t length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) {
      return hal::make_error(hal::ErrorCode::kInvalidArgument,
                             "is not valid UTF-8 at byte " + std::to_string(start + 1) + "; re-type it");
    }
    out.code_points.push_back(c);
    if (U16_LENGTH(c) == 1) {
      out.utf16.push_back(static_cast<char16_t>(c));
    } else {
      out.utf16.push_back(static_cast<char16_t>(U16_LEAD(c)));
      out.utf16.push_back(static_cast<char16_t>(U16_TRAIL(c)));
    }
  }
  return out;
}

const UNormalizer2* nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* normalizer = unorm2_getNFCInstance(&status);
  return U_SUCCESS(status) ? normalizer : nullptr;
}

// Where the text first leaves NFC, or nothing when it is NFC throughout.
std::optional<std::string> nfc_problem(const Decoded& text) {
  const UNormalizer2* normalizer = nfc();
  if (normalizer == nullptr) return "cannot be checked: ICU's NFC data is missing (package libicu72)";
  UErrorCode status = U_ZERO_ERROR;
  const auto* units = reinterpret_cast<const UChar*>(text.utf16.data());
  auto length = static_cast<int32_t>(text.utf16.size());
  int32_t normalized_prefix = unorm2_spanQuickCheckYes(normalizer, units, length, &status);
  if (U_FAILURE(status) || normalized_prefix >= length) return std::nullopt;
  UBool is_nfc = unorm2_isNormalized(normalizer, units, length, &status);
  if (U_SUCCESS(status) && is_nfc) return std::nullopt;
  int32_t character = u_countChar32(units, normalized_prefix) + 1;
  return "is not in Unicode NFC (composed) form from character " + std::to_string(character) +
         ": letters with diacritics must be single characters such as 'ễ', not a letter followed by marks; "
         "re-type it or convert it to NFC";
}

bool allowed_in_name(UChar32 c) {
  if (c == ' ' || c == '-' || c == '\'' || c == 0x2019) return true;
  UErrorCode status = U_ZERO_ERROR;
  return u_isalpha(c) && uscript_getScript(c, &status) == USCRIPT_LATIN && U_SUCCESS(status);
}

std::optional<std::string> spacing_problem(std::string_view utf8) {
  if (utf8.front() == ' ' || utf8.back() == ' ') return "starts or ends with a space; remove it";
  if (utf8.find("  ") != std::string_view::npos) return "has two spaces in a row; keep one";
  return std::nullopt;
}

}  // namespace

hal::Result<std::string> to_nfc(std::string_view utf8) {
  auto decoded = decode(utf8);
  if (!decoded) return hal::make_error(hal::ErrorCode::kInvalidArgument, "the text " + decoded.error().message);
  const UNormalizer2* normalizer = nfc();
  if (normalizer == nullptr) return hal::make_error(hal::ErrorCode::kInternal, "ICU's NFC data is missing");
  const auto* units = reinterpret_cast<const UChar*>(decoded->utf16.data());
  auto length = static_cast<int32_t>(decoded->utf16.size());
  // NFC never grows text by more than three times (Unicode UAX #15).
  std::u16string composed(static_cast<std::size_t>(length) * 3 + 1, u'\0');
  UErrorCode status = U_ZERO_ERROR;
  int32_t composed_length = unorm2_normalize(normalizer, units, length, reinterpret_cast<UChar*>(composed.data()),
                                             static_cast<int32_t>(composed.size()), &status);
  std::string out(static_cast<std::size_t>(composed_length) * 3 + 1, '\0');
  int32_t out_length = 0;
  if (U_SUCCESS(status)) {
    u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &out_length,
                reinterpret_cast<const UChar*>(composed.data()), composed_length, &status);
  }
  if (U_FAILURE(status)) {
    return hal::make_error(hal::ErrorCode::kInternal, std::string("ICU failed to normalise text: ") + u_errorName(status));
  }
  out.resize(static_cast<std::size_t>(out_length));
  return out;
}

std::optional<std::string> name_problem(std::string_view utf8) {
  if (utf8.empty()) return "is empty";
  auto decoded = decode(utf8);
  if (!decoded) return decoded.error().message;
  if (auto problem = nfc_problem(*decoded)) return problem;
  if (static_cast<int>(decoded->code_points.size()) > kMaxNameCharacters) {
    return "has " + std::to_string(decoded->code_points.size()) + " characters; at most " +
           std::to_string(kMaxNameCharacters) + " fit";
  }
  for (UChar32 c : decoded->code_points) {
    if (!allowed_in_name(c)) {
      return "contains " + describe(c) +
             ", which is not a letter of the Vietnamese (Latin) alphabet, a space, a hyphen or an apostrophe";
    }
  }
  return spacing_problem(utf8);
}

std::optional<std::string> text_problem(std::string_view utf8, int max_characters) {
  if (utf8.empty()) return std::nullopt;
  auto decoded = decode(utf8);
  if (!decoded) return decoded.error().message;
  if (auto problem = nfc_problem(*decoded)) return problem;
  if (static_cast<int>(decoded->code_points.size()) > max_characters) {
    return "has " + std::to_string(decoded->code_points.size()) + " characters; at most " +
           std::to_string(max_characters) + " fit";
  }
  for (UChar32 c : decoded->code_points) {
    if (u_iscntrl(c)) return "contains the control character " + describe(c) + "; remove it";
  }
  if (utf8.front() == ' ' || utf8.back() == ' ') return "starts or ends with a space; remove it";
  return std::nullopt;
}

}  // namespace station::dossier
