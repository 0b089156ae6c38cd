#include "file_commands.hpp"

#include <algorithm>

#include "status_words.hpp"

namespace card_sim {

namespace {

constexpr std::uint8_t kInsSelect = 0xA4;
constexpr std::uint8_t kInsReadBinary = 0xB0;
constexpr std::uint8_t kInsUpdateBinary = 0xD6;

hal::ResponseApdu select(CardState& state, const hal::CommandApdu& c) {
  // P2: 0C asks for no data back, 00/04 for the FCP template.
  const bool wants_fcp = (c.p2 & 0x0C) != 0x0C;
  if (wants_fcp && c.p2 != 0x00 && c.p2 != 0x04) return status(sw::kIncorrectP1P2);
  std::uint16_t result = sw::kIncorrectP1P2;
  if (c.p1 == 0x04) {
    if (c.data.empty()) return status(sw::kWrongLength);
    result = state.files.select_by_name(c.data);
  } else if (c.p1 <= 0x02) {
    if (c.p1 == 0x00 && c.data.empty()) {
      result = state.files.select_by_fid(kMasterFileId, SelectScope::kAny);
    } else if (c.data.size() != 2) {
      return status(sw::kWrongLength);
    } else {
      const auto fid = static_cast<std::uint16_t>(c.data[0] << 8 | c.data[1]);
      const SelectScope scope = c.p1 == 0x00   ? SelectScope::kAny
                                : c.p1 == 0x01 ? SelectScope::kChildDf
                                               : SelectScope::kEfInCurrentDf;
      result = state.files.select_by_fid(fid, scope);
    }
  }
  if (result != sw::kOk || !wants_fcp) return status(result);
  return hal::ResponseApdu{state.files.current_fcp(), sw::kOk};
}

// P1 b8 set: b5-b1 of P1 name an EF by short identifier and P2 is the offset;
// otherwise P1-P2 is a 15-bit offset into the current EF.
struct Target {
  ElementaryFile* ef = nullptr;
  std::size_t offset = 0;
  std::uint16_t sw = sw::kOk;
};

Target resolve_target(CardState& state, const hal::CommandApdu& c) {
  Target t;
  if (c.p1 & 0x80) {
    if (c.p1 & 0x60) return {nullptr, 0, sw::kIncorrectP1P2};
    t.sw = state.files.select_by_sfi(c.p1 & 0x1F);
    if (t.sw != sw::kOk) return t;
    t.offset = c.p2;
  } else {
    t.offset = static_cast<std::size_t>(c.p1) << 8 | c.p2;
  }
  t.ef = state.files.current_ef();
  if (!t.ef) t.sw = sw::kNoCurrentEf;
  return t;
}

// Le = 00 (or 0000) asks for everything up to the maximum, so a shorter
// answer is complete; a smaller explicit Le that overshoots the end of the
// file earns the 6282 warning.
bool asked_for_everything(std::size_t ne) { return ne == hal::kShortMaxLe || ne == hal::kExtendedMaxLe; }

hal::ResponseApdu read_binary(CardState& state, const hal::CommandApdu& c) {
  if (!c.ne || !c.data.empty()) return status(sw::kWrongLength);
  Target t = resolve_target(state, c);
  if (t.sw != sw::kOk) return status(t.sw);
  const hal::Bytes& content = t.ef->content;
  if (t.offset >= content.size()) return status(sw::kWrongOffset);
  const std::size_t available = content.size() - t.offset;
  const std::size_t count = std::min({*c.ne, available, kMaxResponseData});
  hal::ResponseApdu r;
  const auto begin = content.begin() + static_cast<std::ptrdiff_t>(t.offset);
  r.data.assign(begin, begin + static_cast<std::ptrdiff_t>(count));
  r.sw = (count < *c.ne && !asked_for_everything(*c.ne)) ? sw::kEndOfFileBeforeNe : sw::kOk;
  return r;
}

hal::ResponseApdu update_binary(CardState& state, const hal::CommandApdu& c) {
  if (c.data.empty()) return status(sw::kWrongLength);
  Target t = resolve_target(state, c);
  if (t.sw != sw::kOk) return status(t.sw);
  hal::Bytes& content = t.ef->content;
  if (!t.ef->writable) return status(sw::kSecurityStatusNotSatisfied);
  if (t.offset >= content.size()) return status(sw::kWrongOffset);
  if (c.data.size() > content.size() - t.offset) return status(sw::kWrongLength);
  std::copy(c.data.begin(), c.data.end(), content.begin() + static_cast<std::ptrdiff_t>(t.offset));
  return status(sw::kOk);
}

}  // namespace

void add_file_commands(Dispatcher& dispatcher) {
  dispatcher.add(kInsSelect, select);
  dispatcher.add(kInsReadBinary, read_binary);
  dispatcher.add(kInsUpdateBinary, update_binary);
}

}  // namespace card_sim
