#include "response_chaining.hpp"

#include <string>

namespace drivers::pcsc {

namespace {

constexpr std::uint8_t kInsGetResponse = 0xC0;
constexpr std::uint8_t kMoreData = 0x61;
constexpr std::uint8_t kWrongLe = 0x6C;
// Enough rounds for 64 KB in 256-byte GET RESPONSE parts, plus a re-issue.
constexpr int kMaxRounds = 260;

std::size_t length_from_sw2(std::uint8_t sw2) { return sw2 == 0 ? hal::kShortMaxLe : sw2; }

hal::Error protocol_error(const std::string& why) { return hal::make_error(hal::ErrorCode::kProtocol, why); }

std::string hex_byte(std::uint8_t b) { return hal::to_hex(hal::ByteView(&b, 1)); }

}  // namespace

std::uint8_t get_response_class(std::uint8_t cla) {
  if ((cla & 0xC0) == 0x00) return cla & 0x03;  // first interindustry: channel in b2-b1
  if ((cla & 0xC0) == 0x40) return cla & 0x4F;  // further interindustry: channel in b4-b1
  return 0x00;                                  // proprietary classes carry no channel we know of
}

hal::Result<hal::ResponseApdu> exchange_with_chaining(const hal::CommandApdu& command, const RawExchange& exchange) {
  hal::CommandApdu last = command;
  hal::ResponseApdu collected;
  for (int round = 0; round < kMaxRounds; ++round) {
    auto encoded = last.encode();
    if (!encoded) return encoded.error();
    auto raw = exchange(*encoded);
    if (!raw) return raw.error();
    auto response = hal::ResponseApdu::parse(*raw);
    if (!response) return response.error();
    collected.data.insert(collected.data.end(), response->data.begin(), response->data.end());
    if (collected.data.size() > hal::kExtendedMaxLe) {
      return protocol_error("the card sent more than 65536 bytes for INS " + hex_byte(command.ins));
    }
    const std::uint8_t sw1 = response->sw1();
    if (sw1 == kMoreData) {
      last = hal::CommandApdu{get_response_class(command.cla), kInsGetResponse, 0, 0, {},
                              length_from_sw2(response->sw2())};
      continue;
    }
    if (sw1 == kWrongLe) {
      const std::size_t right_le = length_from_sw2(response->sw2());
      if (last.ne == right_le) {
        return protocol_error("the card answered 6C" + hex_byte(response->sw2()) + " to INS " + hex_byte(last.ins) +
                              " although that Le was sent");
      }
      last.ne = right_le;
      continue;
    }
    collected.sw = response->sw;
    return collected;
  }
  return protocol_error("the card kept answering 61xx/6Cxx to INS " + hex_byte(command.ins) + " for " +
                        std::to_string(kMaxRounds) + " rounds");
}

}  // namespace drivers::pcsc
