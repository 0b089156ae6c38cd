#include "hal/apdu.hpp"

#include <string>

namespace hal {

namespace {

void append_length(Bytes& out, std::size_t value, bool extended, bool is_le) {
  if (!extended) {
    out.push_back(static_cast<std::uint8_t>(value == kShortMaxLe && is_le ? 0 : value));
    return;
  }
  std::size_t v = (is_le && value == kExtendedMaxLe) ? 0 : value;
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

std::size_t decode_le(std::size_t raw, bool extended) {
  if (raw != 0) return raw;
  return extended ? kExtendedMaxLe : kShortMaxLe;
}

Error malformed(const std::string& why) {
  return make_error(ErrorCode::kProtocol, "malformed command APDU: " + why);
}

}  // namespace

bool CommandApdu::needs_extended() const {
  return data.size() > kShortMaxLc || (ne && *ne > kShortMaxLe);
}

Result<Bytes> CommandApdu::encode(bool extended) const {
  const std::size_t max_lc = extended ? kExtendedMaxLc : kShortMaxLc;
  const std::size_t max_le = extended ? kExtendedMaxLe : kShortMaxLe;
  if (data.size() > max_lc) {
    return make_error(ErrorCode::kInvalidArgument,
                      std::to_string(data.size()) + " data bytes exceed the " + (extended ? "extended" : "short") +
                          " APDU limit of " + std::to_string(max_lc));
  }
  if (ne && (*ne == 0 || *ne > max_le)) {
    return make_error(ErrorCode::kInvalidArgument, "Ne " + std::to_string(*ne) + " is outside 1.." + std::to_string(max_le));
  }
  Bytes out{cla, ins, p1, p2};
  out.reserve(4 + 3 + data.size() + 3);
  if (!data.empty()) {
    if (extended) out.push_back(0);
    append_length(out, data.size(), extended, false);
    out.insert(out.end(), data.begin(), data.end());
  }
  if (ne) {
    if (extended && data.empty()) out.push_back(0);
    append_length(out, *ne, extended, true);
  }
  return out;
}

Result<CommandApdu> CommandApdu::parse(ByteView raw) {
  if (raw.size() < 4) return malformed("only " + std::to_string(raw.size()) + " bytes, a header needs 4");
  CommandApdu apdu{raw[0], raw[1], raw[2], raw[3], {}, std::nullopt};
  ByteView body = raw.subspan(4);
  if (body.empty()) return apdu;  // case 1
  if (body.size() == 1) {         // case 2 short
    apdu.ne = decode_le(body[0], false);
    return apdu;
  }
  if (body[0] != 0) {  // short case 3 or 4
    std::size_t lc = body[0];
    if (body.size() == 1 + lc) {
      apdu.data.assign(body.begin() + 1, body.end());
      return apdu;
    }
    if (body.size() == 2 + lc) {
      apdu.data.assign(body.begin() + 1, body.begin() + 1 + static_cast<std::ptrdiff_t>(lc));
      apdu.ne = decode_le(body.back(), false);
      return apdu;
    }
    return malformed("Lc " + std::to_string(lc) + " does not match " + std::to_string(body.size() - 1) + " body bytes");
  }
  // Extended: a leading 00 then two length bytes.
  if (body.size() == 3) {  // case 2 extended
    apdu.ne = decode_le(static_cast<std::size_t>(body[1]) << 8 | body[2], true);
    return apdu;
  }
  if (body.size() < 3) return malformed("truncated extended length");
  std::size_t lc = static_cast<std::size_t>(body[1]) << 8 | body[2];
  if (lc == 0) return malformed("extended Lc of zero");
  if (body.size() == 3 + lc) {
    apdu.data.assign(body.begin() + 3, body.end());
    return apdu;
  }
  if (body.size() == 5 + lc) {
    apdu.data.assign(body.begin() + 3, body.begin() + 3 + static_cast<std::ptrdiff_t>(lc));
    apdu.ne = decode_le(static_cast<std::size_t>(body[3 + lc]) << 8 | body[4 + lc], true);
    return apdu;
  }
  return malformed("extended Lc " + std::to_string(lc) + " does not match " + std::to_string(body.size() - 3) +
                   " body bytes");
}

Bytes ResponseApdu::encode() const {
  Bytes out = data;
  out.push_back(sw1());
  out.push_back(sw2());
  return out;
}

Result<ResponseApdu> ResponseApdu::parse(ByteView raw) {
  if (raw.size() < 2) {
    return make_error(ErrorCode::kCardRemoved,
                      "the card answered " + std::to_string(raw.size()) + " bytes, no status word: it is gone");
  }
  ResponseApdu r;
  r.data.assign(raw.begin(), raw.end() - 2);
  r.sw = static_cast<std::uint16_t>(raw[raw.size() - 2] << 8 | raw[raw.size() - 1]);
  return r;
}

}  // namespace hal
