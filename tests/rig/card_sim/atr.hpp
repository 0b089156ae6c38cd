// The Answer To Reset the simulated card gives when vpcd asks for it.
#pragma once

#include "hal/bytes.hpp"

namespace card_sim {

struct AtrProfile {
  bool t0 = false;              // offer T=0 only instead of T=1
  bool extended_length = true;  // announce extended Lc/Le in the card capabilities
};

// ISO/IEC 7816-3 ATR: T=1 (IFSC 254) or T=0 only, with compact-TLV historical
// bytes carrying the card capabilities (ISO/IEC 7816-4 section 12.1.1.9) and,
// for T=1, the check byte TCK.
hal::Bytes make_atr(const AtrProfile& profile);

}  // namespace card_sim
