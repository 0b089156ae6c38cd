#include "station/cms/der.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>

namespace station::cms::der {

namespace {

hal::Error corrupt(const std::string& what, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kCorrupt, what + ": " + why);
}

// Base-128 digits, high to low, b8 set on all but the last.
void append_base128(hal::Bytes& out, std::uint64_t value) {
  hal::Bytes digits{static_cast<std::uint8_t>(value & 0x7F)};
  for (value >>= 7; value > 0; value >>= 7) digits.push_back(static_cast<std::uint8_t>(0x80 | (value & 0x7F)));
  out.insert(out.end(), digits.rbegin(), digits.rend());
}

// Byte-wise order of encodings, a shorter prefix first. Written out because
// GCC 12 at -O3 misreads std::vector's operator< (memcmp) as an overread.
bool encoding_before(const hal::Bytes& a, const hal::Bytes& b) {
  const std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i)
    if (a[i] != b[i]) return a[i] < b[i];
  return a.size() < b.size();
}

}  // namespace

hal::Bytes wrap(Tag tag, hal::ByteView content) { return encode_tlv(tag, content); }

hal::Bytes header(Tag tag, std::size_t content_length) {
  hal::Bytes out = encode_tlv(tag, {});
  out.pop_back();  // the zero length of the empty contents
  const hal::Bytes length = encode_length(content_length);
  out.insert(out.end(), length.begin(), length.end());
  return out;
}

hal::Bytes concat(const std::vector<hal::Bytes>& parts) {
  hal::Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

hal::Bytes integer(std::int64_t value) {
  hal::Bytes content;
  // Two's complement, shortest: drop leading bytes that only repeat the sign.
  for (int shift = 56; shift >= 0; shift -= 8) content.push_back(static_cast<std::uint8_t>(value >> shift));
  while (content.size() > 1 && ((content[0] == 0x00 && !(content[1] & 0x80)) ||
                                (content[0] == 0xFF && (content[1] & 0x80)))) {
    content.erase(content.begin());
  }
  return wrap(kInteger, content);
}

hal::Bytes unsigned_integer(hal::ByteView magnitude) {
  hal::Bytes content(magnitude.begin(), magnitude.end());
  while (content.size() > 1 && content[0] == 0) content.erase(content.begin());
  if (content.empty()) content.push_back(0);
  if (content[0] & 0x80) content.insert(content.begin(), 0x00);
  return wrap(kInteger, content);
}

hal::Bytes octet_string(hal::ByteView value) { return wrap(kOctetString, value); }
hal::Bytes null() { return {0x05, 0x00}; }

hal::Bytes utf8_string(const std::string& text) {
  return wrap(kUtf8String, hal::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

hal::Bytes oid(const std::string& dotted) {
  std::vector<std::uint64_t> arcs;
  const char* p = dotted.data();
  const char* end = p + dotted.size();
  while (p < end) {
    std::uint64_t arc = 0;
    auto [next, ec] = std::from_chars(p, end, arc);
    assert(ec == std::errc() && "OID constants are ours");
    arcs.push_back(arc);
    p = next == end ? end : next + 1;
  }
  assert(arcs.size() >= 2 && arcs[0] <= 2);
  hal::Bytes content;
  append_base128(content, arcs[0] * 40 + arcs[1]);
  for (std::size_t i = 2; i < arcs.size(); ++i) append_base128(content, arcs[i]);
  return wrap(kOid, content);
}

hal::Bytes sequence(const std::vector<hal::Bytes>& members) { return wrap(kSequence, concat(members)); }

hal::Bytes set_of(std::vector<hal::Bytes> members) {
  std::sort(members.begin(), members.end(), encoding_before);
  return wrap(kSet, concat(members));
}

hal::Bytes algorithm(const std::string& dotted) { return sequence({oid(dotted)}); }

hal::Result<std::string> read_oid(hal::ByteView value, const std::string& what) {
  if (value.empty()) return corrupt(what, "empty OBJECT IDENTIFIER");
  std::vector<std::uint64_t> arcs;
  std::uint64_t arc = 0;
  bool in_arc = false;
  for (std::uint8_t b : value) {
    if (!in_arc && b == 0x80) return corrupt(what, "OBJECT IDENTIFIER arc with a leading zero digit");
    if (arc >> 56) return corrupt(what, "OBJECT IDENTIFIER arc too large");
    arc = arc << 7 | (b & 0x7F);
    in_arc = b & 0x80;
    if (!in_arc) {
      arcs.push_back(arc);
      arc = 0;
    }
  }
  if (in_arc) return corrupt(what, "OBJECT IDENTIFIER ends inside an arc");
  const std::uint64_t first = std::min<std::uint64_t>(arcs[0] / 40, 2);
  std::string text = std::to_string(first) + "." + std::to_string(arcs[0] - first * 40);
  for (std::size_t i = 1; i < arcs.size(); ++i) text += "." + std::to_string(arcs[i]);
  return text;
}

hal::Result<std::int64_t> read_small_integer(hal::ByteView value, const std::string& what) {
  if (value.empty()) return corrupt(what, "empty INTEGER");
  if (value.size() > 1 && ((value[0] == 0x00 && !(value[1] & 0x80)) || (value[0] == 0xFF && (value[1] & 0x80)))) {
    return corrupt(what, "INTEGER not in its shortest form (DER)");
  }
  if (value.size() > 8) return corrupt(what, "INTEGER too large");
  std::int64_t v = (value[0] & 0x80) ? -1 : 0;
  for (std::uint8_t b : value) v = static_cast<std::int64_t>(static_cast<std::uint64_t>(v) << 8 | b);
  return v;
}

}  // namespace station::cms::der
