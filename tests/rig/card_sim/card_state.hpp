// Everything the simulated card remembers: it survives removal and
// re-insertion, as an EEPROM would, while the selection does not.
#pragma once

#include <cstdint>
#include <map>

#include "file_system.hpp"
#include "hal/bytes.hpp"

namespace card_sim {

// A vpcd frame has a 16-bit length, so a response carries at most this much
// data before SW1-SW2.
inline constexpr std::size_t kMaxResponseData = 0xFFFF - 2;

// Personalisation writes files and keys; the lock (PUT DATA, see
// put_data_command.hpp) moves the card to operational for good, after which
// every write answers 6985.
enum class Lifecycle { kPersonalization, kOperational };

// Data a command chain (CLA b5) has delivered so far, joined into one
// command when its last part arrives (ISO/IEC 7816-4 section 5.1.1.1).
struct PendingChain {
  std::uint8_t ins = 0, p1 = 0, p2 = 0;
  hal::Bytes data;
  bool active = false;
};

struct CardState {
  FileSystem files;
  // PUT DATA objects (keys, the MRZ key, the CAN) by their P1-P2 tag.
  std::map<std::uint16_t, hal::Bytes> data_objects{};
  Lifecycle lifecycle = Lifecycle::kPersonalization;
  // Bumped by every command that changes what the card remembers, so the
  // session knows when to save the state file (--state).
  std::uint64_t changes = 0;

  // Lost on reset, power off and removal.
  hal::Bytes last_challenge{};  // for the authentication commands
  PendingChain chain{};

  bool locked() const { return lifecycle == Lifecycle::kOperational; }
};

}  // namespace card_sim
