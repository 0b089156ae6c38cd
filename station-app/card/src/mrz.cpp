#include "station/card/mrz.hpp"

#include <vector>

#include "station/card/transliteration.hpp"

namespace station::card {

namespace {

hal::Error corrupt(const std::string& why) { return hal::make_error(hal::ErrorCode::kCorrupt, "MRZ: " + why); }

std::string filled(std::string text, std::size_t width) {
  text.resize(width, '<');
  return text;
}

std::vector<std::string> split_components(std::string_view name) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : name) {
    if (c == '<') {
      if (!current.empty()) parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) parts.push_back(current);
  return parts;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "<") + p;
  return out;
}

std::size_t field_length(const std::vector<std::string>& primary, const std::vector<std::string>& secondary) {
  return join(primary).size() + (secondary.empty() ? 0 : 2 + join(secondary).size());
}

// Shortens components of `parts`, last first, each to one letter at least,
// until the whole name is no longer than `width`.
void shorten(std::vector<std::string>& parts, const std::vector<std::string>& primary,
             const std::vector<std::string>& secondary, std::size_t width, bool is_secondary) {
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    const std::size_t length = is_secondary ? field_length(primary, parts) : field_length(parts, secondary);
    if (length <= width) return;
    const std::size_t cut = std::min(length - width, it->size() - 1);
    it->resize(it->size() - cut);
  }
}

bool mrz_character(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '<'; }

std::string spaced(std::string_view field) {
  std::string out;
  for (char c : field) out += c == '<' ? ' ' : c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

hal::Status expect_check(std::string_view data, char digit, const std::string& name) {
  auto expected = mrz_check_digit(data);
  if (!expected) return corrupt(name + ": " + expected.error().message);
  if (*expected != digit) {
    return corrupt(std::string("check digit of the ") + name + " is '" + digit + "', the data gives '" + *expected + "'");
  }
  return {};
}

}  // namespace

hal::Result<char> mrz_check_digit(std::string_view characters) {
  static constexpr int kWeights[] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < characters.size(); ++i) {
    const char c = characters[i];
    int value = 0;
    if (c >= '0' && c <= '9') {
      value = c - '0';
    } else if (c >= 'A' && c <= 'Z') {
      value = c - 'A' + 10;
    } else if (c != '<') {
      return hal::make_error(hal::ErrorCode::kInvalidArgument,
                             std::string("'") + c + "' is not an MRZ character (0-9, A-Z, <)");
    }
    sum += value * kWeights[i % 3];
  }
  return static_cast<char>('0' + sum % 10);
}

std::string mrz_name_field(std::string_view primary_text, std::string_view secondary_text, std::size_t width) {
  std::vector<std::string> primary = split_components(primary_text);
  std::vector<std::string> secondary = split_components(secondary_text);
  shorten(secondary, primary, secondary, width, true);
  shorten(primary, primary, secondary, width, false);
  std::string field = join(primary);
  if (!secondary.empty()) field += "<<" + join(secondary);
  if (field.size() > width) field.resize(width);
  return filled(field, width);
}

hal::Result<Td1Mrz> make_td1(const CardHolderData& holder) {
  auto primary = transliterate_for_mrz(holder.family_name, "family name");
  if (!primary) return primary.error();
  auto secondary = transliterate_for_mrz(holder.given_names, "given names");
  if (!secondary) return secondary.error();
  const std::string number = filled(effective_document_number(holder), 9);
  const std::string birth = mrz_yymmdd(holder.date_of_birth);
  const std::string expiry = mrz_yymmdd(holder.date_of_expiry);
  auto number_check = mrz_check_digit(number);
  auto birth_check = mrz_check_digit(birth);
  auto expiry_check = mrz_check_digit(expiry);
  if (!number_check || !birth_check || !expiry_check) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "document number or dates hold non-MRZ characters");
  }
  Td1Mrz mrz;
  mrz.lines[0] = filled(holder.document_code, 2) + holder.issuing_state + number + *number_check +
                 filled(holder.personal_id_number, 15);
  const std::string line2 = birth + *birth_check + sex_letter(holder.sex) + expiry + *expiry_check +
                            holder.nationality + filled("", 11);
  const std::string composite = mrz.lines[0].substr(5) + line2.substr(0, 7) + line2.substr(8, 7) + line2.substr(18, 11);
  auto composite_check = mrz_check_digit(composite);
  if (!composite_check) return composite_check.error();
  mrz.lines[1] = line2 + *composite_check;
  mrz.lines[2] = mrz_name_field(*primary, *secondary, kTd1LineLength);
  for (const auto& line : mrz.lines) {
    if (line.size() != kTd1LineLength) {
      return hal::make_error(hal::ErrorCode::kInvalidArgument, "MRZ line '" + line + "' is not 30 characters");
    }
  }
  return mrz;
}

hal::Result<Td1Fields> parse_td1(std::string_view mrz) {
  if (mrz.size() != 3 * kTd1LineLength) {
    return corrupt(std::to_string(mrz.size()) + " characters where TD1 has 90");
  }
  for (std::size_t i = 0; i < mrz.size(); ++i) {
    if (!mrz_character(mrz[i])) return corrupt("character " + std::to_string(i + 1) + " is not 0-9, A-Z or <");
  }
  const std::string_view l1 = mrz.substr(0, 30), l2 = mrz.substr(30, 30), l3 = mrz.substr(60, 30);
  HAL_TRY(expect_check(l1.substr(5, 9), l1[14], "document number"));
  HAL_TRY(expect_check(l2.substr(0, 6), l2[6], "date of birth"));
  HAL_TRY(expect_check(l2.substr(8, 6), l2[14], "date of expiry"));
  const std::string composite =
      std::string(l1.substr(5)) + std::string(l2.substr(0, 7)) + std::string(l2.substr(8, 7)) + std::string(l2.substr(18, 11));
  HAL_TRY(expect_check(composite, l2[29], "composite"));
  Td1Fields f;
  f.document_code = spaced(l1.substr(0, 2));
  f.issuing_state = spaced(l1.substr(2, 3));
  f.document_number = spaced(l1.substr(5, 9));
  f.optional_data_1 = spaced(l1.substr(15, 15));
  f.date_of_birth = std::string(l2.substr(0, 6));
  f.sex = std::string(l2.substr(7, 1));
  f.date_of_expiry = std::string(l2.substr(8, 6));
  f.nationality = spaced(l2.substr(15, 3));
  f.optional_data_2 = spaced(l2.substr(18, 11));
  const std::size_t split = l3.find("<<");
  f.primary_identifier = spaced(l3.substr(0, split));
  if (split != std::string_view::npos) f.secondary_identifier = spaced(l3.substr(split + 2));
  return f;
}

}  // namespace station::card
