#include "station/card/holder_data.hpp"

#include <algorithm>

#include "station/card/mrz.hpp"
#include "station/card/personal_id.hpp"
#include "station/card/transliteration.hpp"

namespace station::card {

namespace {

hal::Error bad(const std::string& field, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kInvalidArgument, field + ": " + why);
}

bool only(std::string_view text, bool letters, bool digits) {
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return (letters && c >= 'A' && c <= 'Z') || (digits && c >= '0' && c <= '9');
  });
}

hal::Status required_text(const std::string& value, const std::string& field) {
  if (value.empty()) return bad(field, "missing");
  HAL_TRY(to_nfc(value, field));
  return {};
}

hal::Status check_codes(const CardHolderData& h) {
  if (h.document_code.empty() || h.document_code.size() > 2 || !only(h.document_code, true, false) ||
      (h.document_code[0] != 'I' && h.document_code[0] != 'A' && h.document_code[0] != 'C')) {
    return bad("document code", "'" + h.document_code + "' is not a TD1 document code (I, A or C then a letter)");
  }
  if (h.issuing_state.size() != 3 || !only(h.issuing_state, true, false)) {
    return bad("issuing state", "'" + h.issuing_state + "' is not an ISO 3166-1 alpha-3 code");
  }
  if (h.nationality.size() != 3 || !only(h.nationality, true, false)) {
    return bad("nationality", "'" + h.nationality + "' is not an ISO 3166-1 alpha-3 code");
  }
  const std::string number = effective_document_number(h);
  if (number.empty() || number.size() > 9 || !only(number, true, true)) {
    return bad("document number", "'" + number + "' is not 1-9 of 0-9 and A-Z");
  }
  if (h.can.size() != 6 || !only(h.can, false, true)) return bad("CAN", "'" + h.can + "' is not 6 digits");
  return {};
}

hal::Status check_dates(const CardHolderData& h) {
  if (h.date_of_birth.year == 0) return bad("date of birth", "missing");
  if (!h.date_of_issue.complete()) return bad("date of issue", "missing or partial");
  if (!h.date_of_expiry.complete()) return bad("date of expiry", "missing or partial");
  if (h.date_of_issue < h.date_of_birth) return bad("date of issue", "before the date of birth");
  if (!(h.date_of_issue < h.date_of_expiry)) return bad("date of expiry", "not after the date of issue");
  return {};
}

hal::Status check_texts(const CardHolderData& h) {
  HAL_TRY(required_text(h.family_name, "family name"));
  HAL_TRY(required_text(h.given_names, "given names"));
  HAL_TRY(transliterate_for_mrz(h.family_name, "family name"));
  HAL_TRY(transliterate_for_mrz(h.given_names, "given names"));
  HAL_TRY(required_text(h.nationality_name, "nationality name"));
  HAL_TRY(required_text(h.ethnicity, "ethnicity"));
  HAL_TRY(required_text(h.religion, "religion"));
  HAL_TRY(required_text(h.place_of_origin, "place of origin"));
  HAL_TRY(required_text(h.place_of_residence, "place of residence"));
  if (!h.father_name.empty()) HAL_TRY(to_nfc(h.father_name, "father's name"));
  if (!h.mother_name.empty()) HAL_TRY(to_nfc(h.mother_name, "mother's name"));
  return {};
}

}  // namespace

char sex_letter(Sex sex) { return sex == Sex::kMale ? 'M' : sex == Sex::kFemale ? 'F' : '<'; }

std::string effective_document_number(const CardHolderData& holder) {
  if (!holder.document_number.empty()) return holder.document_number;
  if (holder.personal_id_number.size() == 12) return holder.personal_id_number.substr(3);
  return holder.personal_id_number;
}

hal::Status validate(const CardHolderData& h) {
  HAL_TRY(check_codes(h));
  HAL_TRY(check_dates(h));
  HAL_TRY(check_texts(h));
  HAL_TRY(check_personal_id(h.personal_id_number, h.date_of_birth.year, h.sex));
  if (h.face.empty()) return bad("face image", "missing");
  return {};
}

}  // namespace station::card
