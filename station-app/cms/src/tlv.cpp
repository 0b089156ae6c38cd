#include "station/cms/tlv.hpp"

#include <cstdio>

namespace station::cms {

namespace {

constexpr std::size_t kMaxTagBytes = 3;
constexpr std::size_t kMaxLengthBytes = 4;

hal::Error corrupt(const std::string& what, std::size_t offset, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kCorrupt,
                         what + ": malformed TLV at byte " + std::to_string(offset) + ": " + why);
}

struct Header {
  Tag tag = 0;
  std::size_t header_size = 0;
  std::size_t length = 0;
};

// The TLV at `base` in `in`; offsets in messages count from the start of `in`.
hal::Result<Header> read_header(hal::ByteView whole, std::size_t base, LengthRule rule, const std::string& what) {
  const hal::ByteView in = whole.subspan(base);
  auto bad = [&](const std::string& why) { return corrupt(what, base, why); };
  if (in.empty()) return bad("nothing left where a tag was expected");
  Header h;
  std::size_t at = 0;
  h.tag = in[at++];
  if ((h.tag & 0x1F) == 0x1F) {
    // Subsequent tag bytes: b8 says another follows (X.690 section 8.1.2.4).
    for (;;) {
      if (at >= in.size()) return bad("tag " + tag_name(h.tag) + " is cut short");
      const std::uint8_t b = in[at++];
      if (at == 2 && b == 0x80) return bad("tag with a leading zero byte");
      h.tag = h.tag << 8 | b;
      if (!(b & 0x80)) break;
      if (at >= kMaxTagBytes) return bad("tag longer than three bytes");
    }
  }
  if (at >= in.size()) return bad("tag " + tag_name(h.tag) + " has no length");
  const std::uint8_t first = in[at++];
  if (first == 0x80) return bad("tag " + tag_name(h.tag) + " uses the indefinite length form");
  if (first < 0x80) {
    h.length = first;
  } else {
    const std::size_t count = first & 0x7F;
    if (count > kMaxLengthBytes) return bad("length of tag " + tag_name(h.tag) + " takes more than four bytes");
    if (in.size() - at < count) return bad("length of tag " + tag_name(h.tag) + " is cut short");
    for (std::size_t i = 0; i < count; ++i) h.length = h.length << 8 | in[at++];
    if (rule == LengthRule::kDer && (h.length < 0x80 || in[at - count] == 0)) {
      return bad("length of tag " + tag_name(h.tag) + " is not in its shortest form (DER)");
    }
  }
  h.header_size = at;
  if (in.size() - at < h.length) {
    return bad("tag " + tag_name(h.tag) + " claims " + std::to_string(h.length) + " bytes but only " +
               std::to_string(in.size() - at) + " follow");
  }
  return h;
}

hal::Result<Tlv> read_at(hal::ByteView whole, std::size_t base, LengthRule rule, const std::string& what) {
  auto h = read_header(whole, base, rule, what);
  if (!h) return h.error();
  const hal::ByteView in = whole.subspan(base);
  return Tlv{h->tag, in.subspan(h->header_size, h->length), in.first(h->header_size + h->length)};
}

hal::Status parse_level(hal::ByteView input, LengthRule rule, const std::string& what, std::size_t depth,
                        std::vector<TlvNode>& out) {
  if (depth > kMaxTlvDepth) {
    return hal::make_error(hal::ErrorCode::kCorrupt,
                           what + ": TLVs nest deeper than " + std::to_string(kMaxTlvDepth) + " levels");
  }
  TlvReader reader(input, what, rule);
  while (!reader.at_end()) {
    auto tlv = reader.next();
    if (!tlv) return tlv.error();
    TlvNode node{*tlv, {}};
    if (tlv->constructed()) HAL_TRY(parse_level(tlv->value, rule, what, depth + 1, node.children));
    out.push_back(std::move(node));
  }
  return {};
}

}  // namespace

bool Tlv::constructed() const { return !encoded.empty() && (encoded[0] & 0x20); }

std::string tag_name(Tag tag) {
  char text[12];
  std::snprintf(text, sizeof text, tag > 0xFFFF ? "%06X" : tag > 0xFF ? "%04X" : "%02X", tag);
  return text;
}

hal::Result<Tlv> read_tlv(hal::ByteView input, LengthRule rule, const std::string& what) {
  return read_at(input, 0, rule, what);
}

TlvReader::TlvReader(hal::ByteView input, std::string what, LengthRule rule)
    : input_(input), what_(std::move(what)), rule_(rule) {}

hal::Result<Tlv> TlvReader::next() {
  auto tlv = read_at(input_, offset_, rule_, what_);
  if (!tlv) return tlv;
  offset_ += tlv->encoded.size();
  return tlv;
}

hal::Result<Tlv> TlvReader::expect(Tag tag) {
  const std::size_t at = offset_;
  auto tlv = next();
  if (!tlv) return tlv;
  if (tlv->tag != tag) return corrupt(what_, at, "expected tag " + tag_name(tag) + ", found " + tag_name(tlv->tag));
  return tlv;
}

hal::Result<std::optional<Tlv>> TlvReader::optional(Tag tag) {
  if (at_end()) return std::optional<Tlv>{};
  auto tlv = read_at(input_, offset_, rule_, what_);
  if (!tlv) return tlv.error();
  if (tlv->tag != tag) return std::optional<Tlv>{};
  offset_ += tlv->encoded.size();
  return std::optional<Tlv>{*tlv};
}

hal::Status TlvReader::expect_end() const {
  if (at_end()) return {};
  return corrupt(what_, offset_, std::to_string(input_.size() - offset_) + " unexpected bytes after the last TLV");
}

hal::Result<std::vector<TlvNode>> parse_tlv_tree(hal::ByteView input, LengthRule rule, const std::string& what) {
  std::vector<TlvNode> nodes;
  HAL_TRY(parse_level(input, rule, what, 1, nodes));
  return nodes;
}

hal::Bytes encode_length(std::size_t length) {
  if (length < 0x80) return {static_cast<std::uint8_t>(length)};
  hal::Bytes digits;
  for (std::size_t v = length; v > 0; v >>= 8) digits.insert(digits.begin(), static_cast<std::uint8_t>(v & 0xFF));
  digits.insert(digits.begin(), static_cast<std::uint8_t>(0x80 | digits.size()));
  return digits;
}

void append_tlv(hal::Bytes& out, Tag tag, hal::ByteView value) {
  const int tag_bytes = tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1;
  for (int i = tag_bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(tag >> (8 * i)));
  const hal::Bytes length = encode_length(value.size());
  out.insert(out.end(), length.begin(), length.end());
  out.insert(out.end(), value.begin(), value.end());
}

hal::Bytes encode_tlv(Tag tag, hal::ByteView value) {
  hal::Bytes out;
  append_tlv(out, tag, value);
  return out;
}

}  // namespace station::cms
