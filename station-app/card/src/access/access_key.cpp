#include "station/card/access/access_key.hpp"

#include "station/card/access/primitives.hpp"

namespace station::card::access {

namespace {

hal::Error invalid(std::string message) { return hal::make_error(hal::ErrorCode::kInvalidArgument, std::move(message)); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int mrz_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c == '<') return 0;
  return -1;
}

// YYMMDD with a plausible month and day; the century is not in the MRZ.
hal::Status check_date(std::string_view date, const char* what) {
  bool digits = date.size() == 6;
  for (char c : date) digits = digits && is_digit(c);
  if (!digits) return invalid(std::string(what) + " must be six digits YYMMDD, got '" + std::string(date) + "'");
  const int month = (date[2] - '0') * 10 + (date[3] - '0');
  const int day = (date[4] - '0') * 10 + (date[5] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31)
    return invalid(std::string(what) + " '" + std::string(date) + "' is not a calendar date");
  return {};
}

// The MRZ holds at most 9 characters here; longer numbers continue in the
// optional data (Doc 9303 part 4), and the MRZ information then uses the
// whole number, which we accept up to TD1's 22 characters.
constexpr std::size_t kDocumentNumberField = 9;
constexpr std::size_t kLongestDocumentNumber = 22;

hal::Result<std::string> padded_document_number(std::string_view number) {
  while (!number.empty() && number.back() == '<') number.remove_suffix(1);
  if (number.empty()) return invalid("the document number is empty");
  if (number.size() > kLongestDocumentNumber)
    return invalid("the document number has " + std::to_string(number.size()) + " characters, at most 22 fit");
  for (char c : number) {
    if (mrz_value(c) < 0)
      return invalid("the document number may hold only 0-9, A-Z and '<', not '" + std::string(1, c) + "'");
  }
  std::string padded(number);
  if (padded.size() < kDocumentNumberField) padded.resize(kDocumentNumberField, '<');
  return padded;
}

}  // namespace

hal::Result<char> mrz_check_digit(std::string_view field) {
  static constexpr int kWeights[] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < field.size(); ++i) {
    const int value = mrz_value(field[i]);
    if (value < 0) return invalid("'" + std::string(1, field[i]) + "' is not an MRZ character");
    sum += value * kWeights[i % 3];
  }
  return static_cast<char>('0' + sum % 10);
}

hal::Result<std::string> mrz_information(const MrzFields& fields) {
  auto number = padded_document_number(fields.document_number);
  if (!number) return number.error();
  HAL_TRY(check_date(fields.date_of_birth, "the date of birth"));
  HAL_TRY(check_date(fields.date_of_expiry, "the date of expiry"));
  std::string info;
  for (const std::string& field : {*number, fields.date_of_birth, fields.date_of_expiry}) {
    info += field;
    info += mrz_check_digit(field).value();  // every character was checked above
  }
  return info;
}

hal::Result<AccessKey> AccessKey::from_mrz(const MrzFields& fields) {
  auto info = mrz_information(fields);
  if (!info) return info.error();
  auto hash = sha1(hal::ByteView(reinterpret_cast<const std::uint8_t*>(info->data()), info->size()));
  if (!hash) return hash.error();
  return AccessKey(Kind::kMrz, std::move(*hash));
}

hal::Result<AccessKey> AccessKey::from_can(std::string_view can) {
  bool digits = can.size() == 6;
  for (char c : can) digits = digits && is_digit(c);
  if (!digits) return invalid("a CAN is six digits, got '" + std::string(can) + "'");
  return AccessKey(Kind::kCan, hal::Bytes(can.begin(), can.end()));
}

hal::Result<AccessKey> AccessKey::from_mrz_hash(hal::ByteView hash) {
  if (hash.size() != 20)
    return invalid("an MRZ key is the 20-byte SHA-1 of the MRZ information, got " + std::to_string(hash.size()) +
                   " bytes");
  return AccessKey(Kind::kMrz, hal::Bytes(hash.begin(), hash.end()));
}

hal::Result<hal::Bytes> AccessKey::bac_seed() const {
  if (kind_ != Kind::kMrz) return invalid("BAC needs the MRZ; a CAN only opens the chip through PACE");
  return hal::Bytes(password_.begin(), password_.begin() + 16);
}

}  // namespace station::card::access
