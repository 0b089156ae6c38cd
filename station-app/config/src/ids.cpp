#include "station/ids.hpp"

#include <algorithm>
#include <cstdio>

namespace station {

namespace {

constexpr std::size_t kMinSequenceDigits = 6;
constexpr std::size_t kMaxSequenceDigits = 19;  // an int64

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool station_syntax(std::string_view id) {
  return !id.empty() && id.size() <= kMaxStationIdLength && is_alnum(id.front()) &&
         std::all_of(id.begin(), id.end(), [](char c) { return is_alnum(c) || c == '-'; });
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
  const bool ok = dash != std::string_view::npos && station_syntax(id.substr(0, dash)) &&
                  sequence.size() >= kMinSequenceDigits && sequence.size() <= kMaxSequenceDigits &&
                  std::all_of(sequence.begin(), sequence.end(), is_digit);
  if (ok) return {};
  return hal::make_error(hal::ErrorCode::kInvalidArgument,
                         std::string(where) + " '" + printable(id) +
                             "' is not a batch id (a station id, '-', and a sequence of 6 to 19 digits)");
}

}  // namespace station
