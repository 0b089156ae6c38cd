#include "t0_adapter.hpp"

#include <algorithm>

#include "status_words.hpp"

namespace card_sim {

namespace {

constexpr std::uint8_t kInsGetResponse = 0xC0;

// SW2 of 61xx/6Cxx: a length, with 00 standing for 256.
std::uint16_t with_length(std::uint8_t sw1, std::size_t length) {
  return static_cast<std::uint16_t>(sw1 << 8 | (std::min(length, hal::kShortMaxLe) & 0xFF));
}

bool carries_data(std::uint16_t sw) { return sw == sw::kOk || (sw >> 8) == 0x62 || (sw >> 8) == 0x63; }

}  // namespace

hal::ResponseApdu T0Adapter::process(Dispatcher& dispatcher, CardState& state, hal::ByteView raw) {
  auto command = hal::CommandApdu::parse(raw);
  if (command && command->ins == kInsGetResponse && command->cla == 0x00) return get_response(*command);
  pending_.clear();
  hal::ResponseApdu response = dispatcher.process(state, raw);
  if (!command || !command->ne || response.data.empty() || !carries_data(response.sw)) return response;
  if (!command->data.empty()) return hold_back(std::move(response));
  // Case 2: the card sends exactly Le bytes or says how many it has.
  if (response.data.size() != *command->ne) return status(with_length(sw::kWrongLeSw1, response.data.size()));
  return response;
}

hal::ResponseApdu T0Adapter::hold_back(hal::ResponseApdu response) {
  pending_ = std::move(response.data);
  pending_sw_ = response.sw;
  return status(with_length(sw::kMoreDataSw1, pending_.size()));
}

hal::ResponseApdu T0Adapter::get_response(const hal::CommandApdu& command) {
  if (command.p1 != 0 || command.p2 != 0) return status(sw::kIncorrectP1P2);
  if (pending_.empty()) return status(sw::kConditionsNotSatisfied);
  if (!command.ne || !command.data.empty()) return status(sw::kWrongLength);
  const std::size_t count = std::min(*command.ne, pending_.size());
  hal::ResponseApdu part;
  part.data.assign(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(count));
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(count));
  part.sw = pending_.empty() ? pending_sw_ : with_length(sw::kMoreDataSw1, pending_.size());
  return part;
}

}  // namespace card_sim
