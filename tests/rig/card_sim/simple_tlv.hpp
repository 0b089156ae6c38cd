// The few BER-TLV objects the card itself parses (the FCP of CREATE FILE, the
// offset and data objects 54/53 of odd-INS READ/UPDATE BINARY, ISO/IEC
// 7816-4 section 5.2). Written apart from the station's TLV code on purpose:
// the card and the station must not share a parsing bug.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "hal/bytes.hpp"

namespace card_sim {

struct SimpleTlv {
  std::uint16_t tag = 0;  // one or two bytes, as written
  hal::ByteView value;
};

// Splits `data` into consecutive TLVs (no nesting followed); nullopt when a
// tag or length runs past the end or uses a form the card does not accept
// (indefinite length, lengths over three bytes).
std::optional<std::vector<SimpleTlv>> split_tlvs(hal::ByteView data);

// The first object with `tag`, if any.
std::optional<hal::ByteView> find_tlv(const std::vector<SimpleTlv>& tlvs, std::uint16_t tag);

// A big-endian unsigned number of one to three bytes.
std::optional<std::size_t> unsigned_value(hal::ByteView bytes);

// Tag, length (short or long form) and value.
void append_tlv(hal::Bytes& out, std::uint8_t tag, hal::ByteView value);

}  // namespace card_sim
