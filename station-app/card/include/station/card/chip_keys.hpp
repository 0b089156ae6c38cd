// The chip's own key pairs (Active Authentication, Chip Authentication),
// made on the station and loaded into the card with PUT DATA: the private
// half goes to the card, the public half into DG15 or DG14.
#pragma once

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::card {

enum class ChipKeyKind { kEcP256, kRsa2048 };

struct ChipKeyPair {
  hal::Bytes private_key;  // PKCS#8 PrivateKeyInfo, DER
  hal::Bytes public_key;   // SubjectPublicKeyInfo, DER
};

// Errors: kInternal (OpenSSL failed).
hal::Result<ChipKeyPair> generate_chip_key(ChipKeyKind kind);

}  // namespace station::card
