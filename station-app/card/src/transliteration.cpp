#include "station/card/transliteration.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <map>

#include "station/dossier/vietnamese_text.hpp"

namespace station::card {

hal::Result<std::string> to_nfc(std::string_view utf8, std::string_view field) {
  auto nfc = dossier::to_nfc(utf8);
  if (!nfc) return hal::make_error(nfc.error().code, std::string(field) + ": " + nfc.error().message);
  return nfc;
}

namespace {

hal::Error invalid(std::string_view field, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kInvalidArgument, std::string(field) + ": " + why);
}

// Letters NFD does not take apart, transliterated as Doc 9303 part 3 lists.
const std::map<UChar32, const char*>& multi_letter_table() {
  static const std::map<UChar32, const char*> table{
      {0x00C6, "AE"}, {0x00E6, "AE"},  // Æ æ
      {0x00D8, "OE"}, {0x00F8, "OE"},  // Ø ø
      {0x0152, "OE"}, {0x0153, "OE"},  // Œ œ
      {0x00DE, "TH"}, {0x00FE, "TH"},  // Þ þ
      {0x00DF, "SS"},                  // ß
      {0x0110, "D"},  {0x0111, "D"},   // Đ đ (Vietnamese)
      {0x00D0, "D"},  {0x00F0, "D"},   // Ð ð
      {0x0141, "L"},  {0x0142, "L"},   // Ł ł
      {0x0126, "H"},  {0x0127, "H"},   // Ħ ħ
      {0x0131, "I"},                   // ı
  };
  return table;
}

bool is_combining_mark(UChar32 c) { return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF); }

// NFD takes the diacritics off as combining marks. The text is checked (and
// its UTF-8 validated) by the dossier's NFC first.
hal::Result<icu::UnicodeString> decomposed(std::string_view utf8, std::string_view field) {
  auto nfc = to_nfc(utf8, field);
  if (!nfc) return nfc.error();
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) {
    return hal::make_error(hal::ErrorCode::kInternal, std::string("ICU normalizer unavailable: ") + u_errorName(status));
  }
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(nfc->data(), static_cast<std::int32_t>(nfc->size())));
  icu::UnicodeString out = normalizer->normalize(text, status);
  if (U_FAILURE(status)) return invalid(field, std::string("cannot normalise: ") + u_errorName(status));
  return out;
}

std::string code_point(UChar32 c) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(c));
  return text;
}

}  // namespace

hal::Result<std::string> transliterate_for_mrz(std::string_view utf8, std::string_view field) {
  auto letters = decomposed(utf8, field);
  if (!letters) return letters.error();
  std::string out;
  for (std::int32_t i = 0; i < letters->length();) {
    const UChar32 c = letters->char32At(i);
    i += U16_LENGTH(c);
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c);
    } else if (c == ' ' || c == '-' || c == ',') {
      if (!out.empty() && out.back() != '<') out += '<';
    } else if (c == '\'' || c == 0x2019 || is_combining_mark(c)) {
      continue;
    } else if (auto it = multi_letter_table().find(c); it != multi_letter_table().end()) {
      out += it->second;
    } else {
      return invalid(field, "character " + code_point(c) + " has no MRZ transliteration");
    }
  }
  while (!out.empty() && out.back() == '<') out.pop_back();
  return out;
}

}  // namespace station::card
