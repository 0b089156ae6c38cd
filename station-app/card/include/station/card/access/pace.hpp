// PACE, ICAO Doc 9303 part 11 section 4.4, in the one suite we implement:
// id-PACE-ECDH-GM-AES-CBC-CMAC-128 (ECDH generic mapping, AES-128 secure
// messaging) on NIST P-256 or brainpoolP256r1, with the MRZ or the CAN as
// password. The pieces are exposed for the simulated card and for replaying
// the worked example of appendix G.
#pragma once

#include "hal/card_terminal.hpp"
#include "station/card/access/access_key.hpp"
#include "station/card/access/ec_math.hpp"
#include "station/card/access/secure_messaging.hpp"

namespace station::card::access {

// 0.4.0.127.0.7.2.2.4.2.2, DER contents (without tag and length).
inline const hal::Bytes kPaceEcdhGmAes128{0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02, 0x02};

// GENERAL AUTHENTICATE's dynamic authentication data (template 7C).
namespace pace_tag {
inline constexpr std::uint16_t kTemplate = 0x7C;
inline constexpr std::uint16_t kEncryptedNonce = 0x80;
inline constexpr std::uint16_t kMappingTerminal = 0x81;
inline constexpr std::uint16_t kMappingChip = 0x82;
inline constexpr std::uint16_t kEphemeralTerminal = 0x83;
inline constexpr std::uint16_t kEphemeralChip = 0x84;
inline constexpr std::uint16_t kTokenTerminal = 0x85;
inline constexpr std::uint16_t kTokenChip = 0x86;
}  // namespace pace_tag

// K_pi = KDF(pi, 3): encrypts the chip's nonce. Errors: kInternal.
hal::Result<hal::Bytes> pace_nonce_key(const AccessKey& key);

struct PaceKeys {
  hal::Bytes k_enc;
  hal::Bytes k_mac;
};
// KS_enc and KS_mac from the shared secret (X of the agreed point).
hal::Result<PaceKeys> derive_pace_keys(hal::ByteView shared_secret);

// The authentication token: the first 8 bytes of CMAC(KS_mac) over the
// public key data object 7F49 { 06 protocol OID, 86 point } of the other
// side's ephemeral key. Errors: kInternal.
hal::Result<hal::Bytes> pace_token(hal::ByteView k_mac, hal::ByteView other_public_point);

// AES secure messaging with the SSC at zero.
hal::Result<SmSession> pace_session(const PaceKeys& keys);

// The dynamic authentication data of a GENERAL AUTHENTICATE command or
// answer: 7C wrapping one object (or none for the first command).
hal::Bytes authentication_data(std::uint16_t tag, hal::ByteView value);
// The value of `tag` inside 7C. Errors: kProtocol naming `what`.
hal::Result<hal::Bytes> authentication_value(hal::ByteView data, std::uint16_t tag, std::string_view what);

// The reader's side on a connected terminal (the MF selected, as after
// reset). `random` gives SK_map, then SK_DH (32-byte draws).
// Errors: kPermissionDenied (the card refused the password: wrong MRZ or
// CAN), kCardStatus (another refusal, SW in the message; e.g. no such
// password on the card), kCorrupt (the chip's token does not verify),
// kProtocol (malformed answers, invalid points), transmit's errors.
hal::Result<SmSession> perform_pace(hal::CardTerminal& terminal, const AccessKey& key, PaceCurve curve,
                                    const RandomSource& random = system_random());

}  // namespace station::card::access
