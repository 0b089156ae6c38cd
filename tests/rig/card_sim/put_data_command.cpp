#include "put_data_command.hpp"

#include <algorithm>

#include "status_words.hpp"

namespace card_sim {

namespace {

constexpr std::uint8_t kInsPutData = 0xDA;
constexpr std::uint8_t kInsGetData = 0xCA;
// A private key in PKCS#8 is a few hundred bytes for EC and RSA-2048 alike
// stays under 1.3 KB; more is a mistake, not a key.
constexpr std::size_t kMaxKeyObject = 4096;
constexpr std::uint8_t kDerSequence = 0x30;

bool all_digits(hal::ByteView data) {
  return std::all_of(data.begin(), data.end(), [](std::uint8_t b) { return b >= '0' && b <= '9'; });
}

// 9000 when `data` is acceptable for object `tag`.
std::uint16_t check_object(std::uint16_t tag, hal::ByteView data) {
  switch (tag) {
    case kMrzKeyObject:
      return data.size() == 20 ? sw::kOk : sw::kWrongLength;
    case kCanObject:
      if (data.size() != 6) return sw::kWrongLength;
      return all_digits(data) ? sw::kOk : sw::kIncorrectData;
    case kAaKeyObject:
    case kCaKeyObject:
      if (data.empty() || data.size() > kMaxKeyObject) return sw::kWrongLength;
      return data[0] == kDerSequence ? sw::kOk : sw::kIncorrectData;
    default:
      return sw::kReferencedDataNotFound;
  }
}

hal::ResponseApdu put_data(CardState& state, const hal::CommandApdu& c) {
  if (state.locked()) return status(sw::kConditionsNotSatisfied);
  const auto tag = static_cast<std::uint16_t>(c.p1 << 8 | c.p2);
  if (tag == kLifecycleObject) {
    if (c.data.size() != 1) return status(sw::kWrongLength);
    if (c.data[0] != kLifecycleOperational) return status(sw::kIncorrectData);
    state.lifecycle = Lifecycle::kOperational;
    ++state.changes;
    return status(sw::kOk);
  }
  const std::uint16_t checked = check_object(tag, c.data);
  if (checked != sw::kOk) return status(checked);
  state.data_objects[tag] = c.data;
  ++state.changes;
  return status(sw::kOk);
}

hal::ResponseApdu get_data(CardState& state, const hal::CommandApdu& c) {
  const auto tag = static_cast<std::uint16_t>(c.p1 << 8 | c.p2);
  if (!c.ne || !c.data.empty()) return status(sw::kWrongLength);
  if (tag != kLifecycleObject) {
    return status(check_object(tag, {}) == sw::kReferencedDataNotFound ? sw::kReferencedDataNotFound
                                                                      : sw::kSecurityStatusNotSatisfied);
  }
  const std::uint8_t value = state.locked() ? kLifecycleOperational : 0x00;
  return hal::ResponseApdu{{value}, sw::kOk};
}

}  // namespace

void add_data_commands(Dispatcher& dispatcher) {
  dispatcher.add(kInsPutData, put_data);
  dispatcher.add(kInsGetData, get_data);
}

}  // namespace card_sim
