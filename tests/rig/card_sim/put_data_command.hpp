// PUT DATA: how personalisation loads the card's secrets and locks it; GET
// DATA for the one object a reader may see (the lifecycle). The objects, by
// P1-P2 (station-app/card/README.md holds the same table for the station):
//
//   00C0  lifecycle    1 byte, 01 = operational: locks the card (writes 6985)
//   00C1  MRZ key      20 bytes, SHA-1 of the MRZ information (BAC, PACE-MRZ)
//   00C2  CAN          6 ASCII digits (PACE-CAN)
//   00C3  AA key       Active Authentication private key, PKCS#8 DER
//   00C4  CA key       Chip Authentication private key, PKCS#8 DER
//
// Rewriting an object before the lock replaces it. Only the lifecycle can be
// read back (GET DATA 00 CA 00 C0).
#pragma once

#include <cstdint>

#include "dispatcher.hpp"

namespace card_sim {

inline constexpr std::uint16_t kLifecycleObject = 0x00C0;
inline constexpr std::uint16_t kMrzKeyObject = 0x00C1;
inline constexpr std::uint16_t kCanObject = 0x00C2;
inline constexpr std::uint16_t kAaKeyObject = 0x00C3;
inline constexpr std::uint16_t kCaKeyObject = 0x00C4;

inline constexpr std::uint8_t kLifecycleOperational = 0x01;

void add_data_commands(Dispatcher& dispatcher);

}  // namespace card_sim
