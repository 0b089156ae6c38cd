// Basic Access Control, ICAO Doc 9303 part 11 section 4.3: GET CHALLENGE,
// then EXTERNAL AUTHENTICATE (mutual authenticate) with cryptograms under
// keys derived from the MRZ, then 3DES secure messaging. The pieces are
// exposed so both the reader and the simulated card use them, and so tests
// can replay the worked example of appendix D.
#pragma once

#include "hal/card_terminal.hpp"
#include "station/card/access/access_key.hpp"
#include "station/card/access/secure_messaging.hpp"

namespace station::card::access {

struct BacKeys {
  hal::Bytes k_enc;
  hal::Bytes k_mac;
};

// K_enc and K_mac from a 16-byte seed: the MRZ's K_seed for authentication,
// K_IFD xor K_IC for the session. Errors: kInvalidArgument, kInternal.
hal::Result<BacKeys> derive_bac_keys(hal::ByteView seed);

// The 40-byte cryptogram of EXTERNAL AUTHENTICATE and of its answer:
// 3DES-CBC of the 32 plain bytes (RND.IFD || RND.IC || K.IFD one way,
// RND.IC || RND.IFD || K.IC back) followed by their retail MAC.
// Errors: kInvalidArgument (not 32 bytes), kInternal.
hal::Result<hal::Bytes> seal_bac_cryptogram(const BacKeys& keys, hal::ByteView plain);
// Checks the MAC and decrypts. Errors: kProtocol (not 40 bytes), kCorrupt
// (MAC wrong: the other side holds other keys), kInternal.
hal::Result<hal::Bytes> open_bac_cryptogram(const BacKeys& keys, hal::ByteView cryptogram);

// Session keys from K.IFD xor K.IC; SSC = last 4 bytes of RND.IC || last 4
// bytes of RND.IFD. Errors: kInvalidArgument (sizes), kInternal.
hal::Result<SmSession> bac_session(hal::ByteView k_ifd, hal::ByteView k_ic, hal::ByteView rnd_ic,
                                   hal::ByteView rnd_ifd);

// The reader's side, on a connected terminal with the eMRTD application
// selected. `random` gives RND.IFD then K.IFD.
// Errors: kInvalidArgument (a CAN: BAC needs the MRZ), kPermissionDenied (the
// card refused the MRZ key), kCardStatus (another refusal, SW in the
// message), kCorrupt (the card's answer fails its MAC or names other
// nonces), kProtocol (answer of the wrong size), and transmit's errors
// (kCardRemoved, kTimeout, ...).
hal::Result<SmSession> perform_bac(hal::CardTerminal& terminal, const AccessKey& key,
                                   const RandomSource& random = system_random());

}  // namespace station::card::access
