#include "simple_tlv.hpp"

namespace card_sim {

std::optional<std::vector<SimpleTlv>> split_tlvs(hal::ByteView data) {
  std::vector<SimpleTlv> out;
  std::size_t at = 0;
  while (at < data.size()) {
    SimpleTlv tlv;
    tlv.tag = data[at++];
    if ((tlv.tag & 0x1F) == 0x1F) {  // two-byte tag
      if (at >= data.size()) return std::nullopt;
      tlv.tag = static_cast<std::uint16_t>(tlv.tag << 8 | data[at++]);
    }
    if (at >= data.size()) return std::nullopt;
    std::size_t length = data[at++];
    if (length == 0x80 || length > 0x83) return std::nullopt;
    if (length > 0x80) {
      const std::size_t count = length & 0x7F;
      if (data.size() - at < count) return std::nullopt;
      length = 0;
      for (std::size_t i = 0; i < count; ++i) length = length << 8 | data[at++];
    }
    if (data.size() - at < length) return std::nullopt;
    tlv.value = data.subspan(at, length);
    at += length;
    out.push_back(tlv);
  }
  return out;
}

std::optional<hal::ByteView> find_tlv(const std::vector<SimpleTlv>& tlvs, std::uint16_t tag) {
  for (const auto& t : tlvs)
    if (t.tag == tag) return t.value;
  return std::nullopt;
}

std::optional<std::size_t> unsigned_value(hal::ByteView bytes) {
  if (bytes.empty() || bytes.size() > 3) return std::nullopt;
  std::size_t v = 0;
  for (std::uint8_t b : bytes) v = v << 8 | b;
  return v;
}

void append_tlv(hal::Bytes& out, std::uint8_t tag, hal::ByteView value) {
  out.push_back(tag);
  const std::size_t n = value.size();
  if (n >= 0x100) {
    out.insert(out.end(), {0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n & 0xFF)});
  } else if (n >= 0x80) {
    out.insert(out.end(), {0x81, static_cast<std::uint8_t>(n)});
  } else {
    out.push_back(static_cast<std::uint8_t>(n));
  }
  out.insert(out.end(), value.begin(), value.end());
}

}  // namespace card_sim
