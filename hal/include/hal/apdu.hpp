// ISO/IEC 7816-4 command and response APDUs: the vocabulary of CardTerminal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace hal {

// Largest Ne a short APDU can ask for (Le = 00 means 256).
inline constexpr std::size_t kShortMaxLe = 256;
// Largest Nc a short APDU can carry.
inline constexpr std::size_t kShortMaxLc = 255;
// Extended length: Nc up to 65 535, Ne up to 65 536 (Le = 0000).
inline constexpr std::size_t kExtendedMaxLc = 65535;
inline constexpr std::size_t kExtendedMaxLe = 65536;

struct CommandApdu {
  std::uint8_t cla = 0;
  std::uint8_t ins = 0;
  std::uint8_t p1 = 0;
  std::uint8_t p2 = 0;
  Bytes data;
  // Ne, the number of response bytes expected; empty means no Le field.
  std::optional<std::size_t> ne;

  // True when data or Ne do not fit the short form.
  bool needs_extended() const;

  // Encodes as case 1-4, short or extended. kInvalidArgument when Nc or Ne are
  // beyond what the chosen form can carry.
  Result<Bytes> encode(bool extended) const;
  // Encodes short when possible, extended otherwise.
  Result<Bytes> encode() const { return encode(needs_extended()); }

  // Parses any of the seven ISO 7816-4 encodings. kProtocol when the length
  // fields do not agree with the buffer size.
  static Result<CommandApdu> parse(ByteView raw);
};

struct ResponseApdu {
  Bytes data;
  std::uint16_t sw = 0;

  std::uint8_t sw1() const { return static_cast<std::uint8_t>(sw >> 8); }
  std::uint8_t sw2() const { return static_cast<std::uint8_t>(sw & 0xFF); }
  bool ok() const { return sw == 0x9000; }

  Bytes encode() const;

  // Splits data and SW1-SW2. A reply under two bytes is not a response at all:
  // with pcsc-lite it is how a card that vanished mid-command shows itself, so
  // it is reported as kCardRemoved.
  static Result<ResponseApdu> parse(ByteView raw);
};

}  // namespace hal
