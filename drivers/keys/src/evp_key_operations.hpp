// The cryptography both backends share, on an EVP_PKEY whichever way it was
// loaded (a PEM file, or a token key behind the pkcs11 engine). `key_name`
// names the key in messages ("key file '/k/a.key.pem'", "key 'a' on token 't'").
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <string_view>

#include "hal/bytes.hpp"
#include "hal/key_store.hpp"
#include "hal/result.hpp"
#include "openssl_ptr.hpp"

namespace drivers::keys {

// kUnsupported unless the key is RSA or EC on P-256, naming what it is.
hal::Result<hal::KeyType> station_key_type(EVP_PKEY* key, std::string_view key_name);

// kUnsupported when `operation` needs a key of kind `wanted`, not `actual`.
hal::Status require_key_type(hal::KeyType actual, hal::KeyType wanted, std::string_view operation,
                             std::string_view key_name);

// kUnsupported when `scheme` does not suit a key of `type`.
hal::Status check_scheme(hal::KeyType type, hal::SignatureScheme scheme, std::string_view key_name);

// Hashes with SHA-256 and signs; the caller has checked the scheme.
// kInternal when OpenSSL (or the token beneath it) fails.
hal::Result<hal::Bytes> sign_message(EVP_PKEY* key, hal::ByteView message, hal::SignatureScheme scheme,
                                     std::string_view key_name);

// RSAES-OAEP with SHA-256 and MGF1-SHA-256. kCorrupt when it does not decrypt.
hal::Result<hal::Bytes> decrypt_oaep(EVP_PKEY* key, hal::ByteView ciphertext, std::string_view key_name);

// A peer's DER SubjectPublicKeyInfo, which must hold a valid P-256 point.
// kInvalidArgument naming what is wrong with it.
hal::Result<PkeyPtr> parse_p256_peer(hal::ByteView peer_spki);

// ECDH: the raw shared x-coordinate. kInternal when OpenSSL or the token fails.
hal::Result<hal::Bytes> derive_ecdh(EVP_PKEY* key, EVP_PKEY* peer, std::string_view key_name);

hal::Result<hal::Bytes> spki_der(EVP_PKEY* key, std::string_view key_name);

// The certificate in DER, after checking that it certifies `public_key`
// (kCorrupt if not: a mismatched pair would only fail later, at a verifier).
hal::Result<hal::Bytes> certificate_der(X509* certificate, EVP_PKEY* public_key, std::string_view key_name);

}  // namespace drivers::keys
