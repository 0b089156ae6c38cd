// How personalization loads the chip's access secrets: PUT DATA (ISO/IEC
// 7816-4 INS DA) with P1-P2 naming a data object of ours and the data field
// holding its value. Documented in src/access/README.md; the simulated card
// (tests/rig/card_sim/secure) implements exactly these.
#pragma once

#include <cstdint>

#include "hal/apdu.hpp"
#include "station/card/access/access_key.hpp"

namespace station::card::access {

namespace put_data_tag {
inline constexpr std::uint16_t kMrzKey = 0x00C1;          // SHA-1 of the MRZ information, 20 bytes
inline constexpr std::uint16_t kCan = 0x00C2;             // the CAN, 6 ASCII digits
inline constexpr std::uint16_t kAaPrivateKey = 0x00C3;    // PKCS#8 DER, EC P-256
}  // namespace put_data_tag

inline constexpr std::uint8_t kInsPutData = 0xDA;

// Errors: kInvalidArgument (the key is not of that kind).
hal::Result<hal::CommandApdu> put_mrz_key(const AccessKey& mrz);
hal::Result<hal::CommandApdu> put_can(const AccessKey& can);
// Errors: kInvalidArgument (empty, or too long for one short APDU).
hal::Result<hal::CommandApdu> put_aa_private_key(hal::ByteView pkcs8);

}  // namespace station::card::access
