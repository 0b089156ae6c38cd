#include "file_commands.hpp"

#include <algorithm>

#include "simple_tlv.hpp"
#include "status_words.hpp"

namespace card_sim {

namespace {

constexpr std::uint8_t kInsSelect = 0xA4;
constexpr std::uint8_t kInsCreateFile = 0xE0;
constexpr std::uint8_t kInsReadBinary = 0xB0;
constexpr std::uint8_t kInsReadBinaryOdd = 0xB1;
constexpr std::uint8_t kInsUpdateBinary = 0xD6;
constexpr std::uint8_t kInsUpdateBinaryOdd = 0xD7;

// ISO/IEC 7816-4 data objects of the odd-INS forms and of the FCP.
constexpr std::uint16_t kOffsetTag = 0x54;
constexpr std::uint16_t kDataTag = 0x53;
constexpr std::uint8_t kFcpTag = 0x62;
constexpr std::uint16_t kFcpSizeTag = 0x80;
constexpr std::uint16_t kFcpDescriptorTag = 0x82;
constexpr std::uint16_t kFcpFidTag = 0x83;
constexpr std::uint8_t kTransparentWorkingEf = 0x01;

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

struct Target {
  ElementaryFile* ef = nullptr;
  std::size_t offset = 0;
  std::uint16_t sw = sw::kOk;
};

Target current_target(CardState& state, std::size_t offset) {
  Target t{state.files.current_ef(), offset, sw::kOk};
  if (!t.ef) t.sw = sw::kNoCurrentEf;
  return t;
}

// Even INS: P1 b8 set means b5-b1 of P1 name an EF by short identifier and
// P2 is the offset; otherwise P1-P2 is a 15-bit offset into the current EF.
Target even_target(CardState& state, const hal::CommandApdu& c) {
  if (c.p1 & 0x80) {
    if (c.p1 & 0x60) return {nullptr, 0, sw::kIncorrectP1P2};
    const std::uint16_t selected = state.files.select_by_sfi(c.p1 & 0x1F);
    if (selected != sw::kOk) return {nullptr, 0, selected};
    return current_target(state, c.p2);
  }
  return current_target(state, static_cast<std::size_t>(c.p1) << 8 | c.p2);
}

// Odd INS: P1-P2 0000 is the current EF, anything else the FID of an EF in
// the current DF; the offset comes in data object 54.
Target odd_target(CardState& state, const hal::CommandApdu& c, const std::vector<SimpleTlv>& objects) {
  const auto fid = static_cast<std::uint16_t>(c.p1 << 8 | c.p2);
  if (fid != 0) {
    const std::uint16_t selected = state.files.select_by_fid(fid, SelectScope::kEfInCurrentDf);
    if (selected != sw::kOk) return {nullptr, 0, selected};
  }
  auto offset_object = find_tlv(objects, kOffsetTag);
  if (!offset_object) return {nullptr, 0, sw::kIncorrectData};
  auto offset = unsigned_value(*offset_object);
  if (!offset) return {nullptr, 0, sw::kIncorrectData};
  return current_target(state, *offset);
}

// Le = 00 (or 0000) asks for everything up to the maximum, so a shorter
// answer is complete; a smaller explicit Le that overshoots the end of the
// file earns the 6282 warning.
bool asked_for_everything(std::size_t ne) { return ne == hal::kShortMaxLe || ne == hal::kExtendedMaxLe; }

// Up to `room` bytes of the target EF.
hal::ResponseApdu read_from(const Target& t, std::size_t room, std::size_t ne) {
  if (t.sw != sw::kOk) return status(t.sw);
  const hal::Bytes& content = t.ef->content;
  if (t.offset >= content.size()) return status(sw::kWrongOffset);
  const std::size_t count = std::min({room, content.size() - t.offset, kMaxResponseData});
  hal::ResponseApdu r;
  const auto begin = content.begin() + static_cast<std::ptrdiff_t>(t.offset);
  r.data.assign(begin, begin + static_cast<std::ptrdiff_t>(count));
  r.sw = (count < room && !asked_for_everything(ne)) ? sw::kEndOfFileBeforeNe : sw::kOk;
  return r;
}

hal::ResponseApdu read_binary(CardState& state, const hal::CommandApdu& c) {
  if (!c.ne || !c.data.empty()) return status(sw::kWrongLength);
  return read_from(even_target(state, c), *c.ne, *c.ne);
}

// Bytes the header of a data object 53 holding `n` bytes takes.
std::size_t data_object_header(std::size_t n) { return n < 0x80 ? 2 : n < 0x100 ? 3 : 4; }

hal::ResponseApdu read_binary_odd(CardState& state, const hal::CommandApdu& c) {
  if (!c.ne) return status(sw::kWrongLength);
  auto objects = split_tlvs(c.data);
  if (!objects) return status(sw::kIncorrectData);
  const std::size_t ne = std::min(*c.ne, kMaxResponseData);
  if (ne <= 4) return status(sw::kWrongLength);
  // The answer is one object 53: its header comes out of Ne.
  std::size_t room = ne - 4;
  while (room + 1 + data_object_header(room + 1) <= ne) ++room;
  hal::ResponseApdu plain = read_from(odd_target(state, c, *objects), room, *c.ne);
  if (plain.data.empty()) return plain;
  hal::ResponseApdu wrapped{{}, plain.sw};
  append_tlv(wrapped.data, kDataTag, plain.data);
  return wrapped;
}

hal::ResponseApdu write_to(CardState& state, const Target& t, hal::ByteView data) {
  if (t.sw != sw::kOk) return status(t.sw);
  if (data.empty()) return status(sw::kWrongLength);
  if (!t.ef->writable) return status(sw::kSecurityStatusNotSatisfied);
  hal::Bytes& content = t.ef->content;
  if (t.offset >= content.size()) return status(sw::kWrongOffset);
  if (data.size() > content.size() - t.offset) return status(sw::kWrongLength);
  std::copy(data.begin(), data.end(), content.begin() + static_cast<std::ptrdiff_t>(t.offset));
  ++state.changes;
  return status(sw::kOk);
}

hal::ResponseApdu update_binary(CardState& state, const hal::CommandApdu& c) {
  if (state.locked()) return status(sw::kConditionsNotSatisfied);
  if (c.data.empty()) return status(sw::kWrongLength);
  return write_to(state, even_target(state, c), c.data);
}

hal::ResponseApdu update_binary_odd(CardState& state, const hal::CommandApdu& c) {
  if (state.locked()) return status(sw::kConditionsNotSatisfied);
  auto objects = split_tlvs(c.data);
  if (!objects) return status(sw::kIncorrectData);
  auto data = find_tlv(*objects, kDataTag);
  if (!data) return status(sw::kIncorrectData);
  return write_to(state, odd_target(state, c, *objects), *data);
}

// CREATE FILE with an FCP template: 62 L { 80 size, 82 01 01, 83 02 FID }.
// Only transparent working EFs; the DFs come with the card.
hal::ResponseApdu create_file(CardState& state, const hal::CommandApdu& c, const FileCommandOptions& options) {
  if (state.locked()) return status(sw::kConditionsNotSatisfied);
  if (c.p1 != 0 || c.p2 != 0) return status(sw::kIncorrectP1P2);
  auto outer = split_tlvs(c.data);
  if (!outer || outer->size() != 1 || (*outer)[0].tag != kFcpTag) return status(sw::kIncorrectData);
  auto fcp = split_tlvs((*outer)[0].value);
  if (!fcp) return status(sw::kIncorrectData);
  auto size_object = find_tlv(*fcp, kFcpSizeTag);
  auto descriptor = find_tlv(*fcp, kFcpDescriptorTag);
  auto fid_object = find_tlv(*fcp, kFcpFidTag);
  if (!size_object || !descriptor || !fid_object || fid_object->size() != 2 || size_object->size() > 2)
    return status(sw::kIncorrectData);
  if (descriptor->size() != 1 || (*descriptor)[0] != kTransparentWorkingEf) return status(sw::kFunctionNotSupported);
  const auto size = unsigned_value(*size_object);
  const auto fid = static_cast<std::uint16_t>((*fid_object)[0] << 8 | (*fid_object)[1]);
  if (!size || *size == 0 || fid == 0x0000 || fid == 0xFFFF || fid == 0x3FFF) return status(sw::kIncorrectData);
  const std::size_t stored = *size - std::min(*size - 1, options.shrink_files);
  const std::uint16_t result = state.files.create_ef(fid, *size, stored);
  if (result == sw::kOk) ++state.changes;
  return status(result);
}

}  // namespace

void add_file_commands(Dispatcher& dispatcher, FileCommandOptions options) {
  dispatcher.add(kInsSelect, select);
  dispatcher.add(kInsCreateFile,
                 [options](CardState& state, const hal::CommandApdu& c) { return create_file(state, c, options); });
  dispatcher.add(kInsReadBinary, read_binary);
  dispatcher.add(kInsReadBinaryOdd, read_binary_odd);
  dispatcher.add(kInsUpdateBinary, update_binary);
  dispatcher.add(kInsUpdateBinaryOdd, update_binary_odd);
}

}  // namespace card_sim
