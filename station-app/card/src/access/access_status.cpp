#include "access_status.hpp"

#include <string>

namespace station::card::access {

namespace {

bool authentication_failed(std::uint16_t sw) { return sw == 0x6300 || (sw & 0xFFF0) == 0x63C0 || sw == 0x6982; }

}  // namespace

hal::Error refusal(std::string_view step, std::uint16_t sw, std::string_view hint) {
  const std::string word = hal::to_hex(hal::Bytes{static_cast<std::uint8_t>(sw >> 8), static_cast<std::uint8_t>(sw)});
  if (authentication_failed(sw))
    return hal::make_error(hal::ErrorCode::kPermissionDenied,
                           "the card refused " + std::string(step) + " (SW " + word + "): " + std::string(hint));
  return hal::make_error(hal::ErrorCode::kCardStatus, "the card answered " + std::string(step) + " with SW " + word);
}

hal::Result<hal::ResponseApdu> exchange(hal::CardTerminal& terminal, const hal::CommandApdu& command,
                                        std::string_view step, std::string_view hint) {
  auto response = terminal.transmit(command);
  if (!response) return response.error();
  if (!response->ok()) return refusal(step, response->sw, hint);
  return response;
}

}  // namespace station::card::access
