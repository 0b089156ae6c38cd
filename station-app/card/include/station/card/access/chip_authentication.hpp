// Chip Authentication, ICAO Doc 9303 part 11 section 6.2, in the one suite the
// station writes into DG14: id-CA-ECDH-AES-CBC-CMAC-128 with a static key on
// NIST P-256. The reader sends its ephemeral public key (MSE:Set AT, then
// GENERAL AUTHENTICATE under the running secure messaging); both sides agree
// on K = x(SK * PK), derive AES keys as PACE does (section 9.7.1) and restart
// secure messaging with the SSC at zero. Only a chip holding the private key
// of DG14's public key answers under the new keys: the authentication is
// implicit in the next protected answer.
#pragma once

#include "hal/card_terminal.hpp"
#include "station/card/access/ec_math.hpp"
#include "station/card/access/secure_channel.hpp"
#include "station/card/access/secure_messaging.hpp"

namespace station::card::access {

// 0.4.0.127.0.7.2.2.3.2.2, DER contents (without tag and length).
inline const hal::Bytes kCaEcdhAesCbcCmac128{0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02, 0x02};
// GENERAL AUTHENTICATE's tag for the reader's ephemeral public key (in 7C).
inline constexpr std::uint16_t kCaEphemeralPublicKey = 0x80;
// MSE:Set AT's P1-P2 for Chip Authentication (set for internal authentication).
inline constexpr std::uint8_t kCaSetAtP1 = 0x41;
inline constexpr std::uint8_t kCaSetAtP2 = 0xA4;
inline constexpr PaceCurve kCaCurve = PaceCurve::kNistP256;

// The uncompressed point of a P-256 SubjectPublicKeyInfo (DG14's
// ChipAuthenticationPublicKeyInfo). Errors: kInvalidArgument (not DER),
// kUnsupported (another key type or curve).
hal::Result<hal::Bytes> ca_public_point(hal::ByteView subject_public_key_info);

// The private scalar of a P-256 PKCS#8 key (the card's PUT DATA 00C4).
// Errors: kInvalidArgument (not DER PKCS#8, not P-256).
hal::Result<hal::Bytes> ca_private_scalar(hal::ByteView pkcs8);

// The new secure messaging session from the agreed point: KDF of its x
// coordinate, AES-128, SSC zero.
hal::Result<SmSession> ca_session(hal::ByteView shared_point);

// The reader's side, over a channel opened by PACE or BAC. `key_id` is
// DG14's keyId (sent as MSE:Set AT's private key reference 84). On success
// the channel carries on under the new keys.
// Errors: kUnsupported (DG14's key is not P-256), kCardStatus or
// kPermissionDenied (the chip refused a step, SW named), kProtocol (a
// malformed answer), kCorrupt (the chip did not answer under the new keys:
// it lacks DG14's private key), transmit's errors.
hal::Status perform_chip_authentication(SecureChannel& channel, hal::ByteView chip_public_key_info, int key_id,
                                        const RandomSource& random = system_random());

}  // namespace station::card::access
