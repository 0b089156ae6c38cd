// Active Authentication, ICAO Doc 9303 part 11 section 6.1: the reader sends
// an 8-byte challenge with INTERNAL AUTHENTICATE, the chip signs it with a
// private key that never leaves it, the reader checks the signature with the
// public key in DG15. It shows the chip is not a copy.
//
// Our cards use ECDSA on NIST P-256 with SHA-256 and the plain signature
// format r || s (BSI TR-03111 section 5.2.1); DG14 says so in its
// ActiveAuthenticationInfo (ecdsa-plain-SHA256). The key pair is made by
// station/card/chip_keys.hpp (kEcP256): the private half goes to the chip
// with PUT DATA (put_data.hpp), the public half into DG15. README.md says why
// ECDSA.
#pragma once

#include "hal/card_terminal.hpp"
#include "station/card/access/primitives.hpp"

namespace station::card::access {

inline constexpr std::size_t kAaChallengeSize = 8;
inline constexpr std::size_t kAaSignatureSize = 64;  // r || s, 32 bytes each

// The chip's side: signs `challenge` (SHA-256, ECDSA) and returns r || s.
// `private_key` is PKCS#8 DER. Errors: kInvalidArgument (not a P-256 key),
// kInternal.
hal::Result<hal::Bytes> sign_aa_challenge(hal::ByteView private_key, hal::ByteView challenge);

// Errors: kUnsupported (DG15 holds a key that is not EC P-256, e.g. RSA),
// kInvalidArgument (`public_key` is not a SubjectPublicKeyInfo), kProtocol
// (signature not 64 bytes), kCorrupt (the signature does not verify: the
// chip does not hold DG15's private key).
hal::Result<void> verify_aa_signature(hal::ByteView public_key, hal::ByteView challenge, hal::ByteView signature);

// INTERNAL AUTHENTICATE with a random challenge through `channel` (normally a
// SecureChannel), then verify_aa_signature(). Errors: verify's, kCardStatus
// or kPermissionDenied (the chip refused, SW in the message), transmit's and
// capabilities()'.
hal::Result<void> perform_active_authentication(hal::CardTerminal& channel, hal::ByteView public_key,
                                                const RandomSource& random = system_random());

}  // namespace station::card::access
