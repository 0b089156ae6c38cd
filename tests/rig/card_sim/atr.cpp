#include "atr.hpp"

#include <cstdint>
#include <initializer_list>

namespace card_sim {

namespace {

// Category 80 (compact-TLV), then card capabilities (tag 7, length 3):
// selection by full DF name and by file identifier; one-byte data units;
// extended Lc/Le (b7 of the third byte) when offered.
hal::Bytes historical_bytes(bool extended_length) {
  return {0x80, 0x73, 0x90, 0x01, static_cast<std::uint8_t>(extended_length ? 0x40 : 0x00)};
}

}  // namespace

hal::Bytes make_atr(const AtrProfile& profile) {
  const hal::Bytes historical = historical_bytes(profile.extended_length);
  const auto k = static_cast<std::uint8_t>(historical.size());
  // Byte by byte: GCC 12 at -O3 misreads range inserts into a short vector
  // as out of bounds (-Warray-bounds).
  hal::Bytes atr{0x3B};
  auto append = [&atr](std::initializer_list<std::uint8_t> bytes) {
    for (std::uint8_t b : bytes) atr.push_back(b);
  };
  if (profile.t0) {
    // No interface bytes means T=0 only, and ISO/IEC 7816-3 then forbids TCK.
    append({k});
  } else {
    // T0: TD1 follows. TD1: TD2 follows, T=1. TD2: TA3 and TB3 follow, T=1.
    // TA3 = IFSC 254; TB3 = BWI 4, CWI 5.
    append({static_cast<std::uint8_t>(0x80 | k), 0x81, 0x31, 0xFE, 0x45});
  }
  for (std::uint8_t b : historical) atr.push_back(b);
  if (profile.t0) return atr;
  std::uint8_t tck = 0;
  for (std::size_t i = 1; i < atr.size(); ++i) tck ^= atr[i];
  atr.push_back(tck);
  return atr;
}

}  // namespace card_sim
