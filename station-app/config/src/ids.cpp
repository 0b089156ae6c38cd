#include "station/ids.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>

namespace station {

namespace {

constexpr std::size_t kMinSequenceDigits = 6;

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool station_syntax(std::string_view id) {
  return !id.empty() && id.size() <= kMaxStationIdLength && is_alnum(id.front()) &&
         std::all_of(id.begin(), id.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

// The sequence as manifests carry it (an int64 of at least 1) and as
// batch_id_for() writes it: zero-padded to 6 digits and never beyond, so one
// sequence has one spelling and 19 nines (over the int64 maximum) is refused.
bool sequence_syntax(std::string_view digits) {
  if (digits.size() < kMinSequenceDigits || !std::all_of(digits.begin(), digits.end(), is_digit)) return false;
  if (digits.size() > kMinSequenceDigits && digits.front() == '0') return false;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return error == std::errc() && end == digits.data() + digits.size() && value >= 1;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < 80; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  if (text.size() > 80) out += "...";
  return out;
}

hal::Status check_station_id(std::string_view id, std::string_view where) {
  if (station_syntax(id)) return {};
  return hal::make_error(hal::ErrorCode::kInvalidArgument,
                         std::string(where) + " '" + printable(id) +
                             "' is not a station id (1 to 32 letters, digits or '-', the first a letter or digit)");
}

hal::Status check_batch_id(std::string_view id, std::string_view where) {
  const auto dash = id.rfind('-');
  const std::string_view sequence = dash == std::string_view::npos ? std::string_view{} : id.substr(dash + 1);
  if (dash != std::string_view::npos && station_syntax(id.substr(0, dash)) && sequence_syntax(sequence)) return {};
  return hal::make_error(hal::ErrorCode::kInvalidArgument,
                         std::string(where) + " '" + printable(id) +
                             "' is not a batch id (a station id, '-', and a sequence from 000001 to "
                             "9223372036854775807, zero-padded to 6 digits)");
}

}  // namespace station
