// A secret the station keeps outside its database (the card journal's image:
// holder data and the chip's private keys) under the same key hierarchy as a
// dossier's records: AES-256-GCM under a fresh data key wrapped (RSA-OAEP) to
// the store's wrap key in the token. Without the token the file is noise.
//
//   "STENV1" || u32 length of the wrapped key || wrapped key
//            || nonce (12) || ciphertext || tag (16)
//
// The GCM associated data is the header (magic and wrapped key) followed by
// the caller's `context`, so changing a byte anywhere, swapping in another
// envelope's wrapped key, or opening it for another context fails the tag.
#pragma once

#include <string_view>

#include "hal/bytes.hpp"
#include "hal/key_store.hpp"
#include "hal/result.hpp"

namespace station::store {

// Errors: the key store's (kNotFound, kUnavailable, kWrongPin ...),
// kUnsupported when `wrap_key` is not an RSA key.
hal::Result<hal::Bytes> seal_envelope(hal::KeyStore& keys, std::string_view wrap_key, hal::ByteView context,
                                      hal::ByteView plaintext);

// kCorrupt when the envelope is malformed, its key does not unwrap with
// `wrap_key`, or its tag does not verify for `context`; the key store's.
hal::Result<hal::Bytes> open_envelope(hal::KeyStore& keys, std::string_view wrap_key, hal::ByteView context,
                                      hal::ByteView sealed);

}  // namespace station::store
