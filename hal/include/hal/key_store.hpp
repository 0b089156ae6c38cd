// Private keys the station uses without ever holding them in the clear:
// a token (PKCS#11) on a real station, key files in development.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace hal {

enum class KeyType { kEcP256, kRsa };

enum class SignatureScheme {
  kEcdsaSha256,     // DER-encoded ECDSA-Sig-Value
  kRsaPkcs1Sha256,  // RSASSA-PKCS1-v1_5
  kRsaPssSha256,    // RSASSA-PSS, MGF1-SHA-256, salt length 32
};

struct KeyInfo {
  std::string id;     // the name callers pass to the other methods
  std::string label;  // what a technician sees
  KeyType type = KeyType::kEcP256;
  bool has_certificate = false;
  std::string token;  // token label, or "file" for the key-file backend
};

class KeyStore {
 public:
  virtual ~KeyStore() = default;

  // Lists the keys this store can use. Errors: kUnavailable (token absent),
  // kWrongPin, kPinLocked.
  virtual Result<std::vector<KeyInfo>> list_keys() = 0;

  // Hashes `message` and signs it with key `key_id`.
  // Errors: kNotFound (no such key), kUnsupported (scheme does not suit the
  // key type), kUnavailable (token absent), kWrongPin, kPinLocked, kInternal.
  virtual Result<Bytes> sign(std::string_view key_id, ByteView message, SignatureScheme scheme) = 0;

  // Unwraps a key wrapped to an RSA key with RSAES-OAEP (SHA-256, MGF1-SHA-256).
  // Errors: kNotFound, kUnsupported (not an RSA key), kCorrupt (ciphertext
  // does not decrypt), kUnavailable, kWrongPin, kPinLocked.
  virtual Result<Bytes> decrypt(std::string_view key_id, ByteView ciphertext) = 0;

  // ECDH with EC key `key_id` and a peer's SubjectPublicKeyInfo (DER); returns
  // the raw shared secret, for unwrapping keys sent to an EC key.
  // Errors: kNotFound, kUnsupported (not an EC key), kInvalidArgument (peer
  // key malformed or on another curve), kUnavailable, kWrongPin, kPinLocked.
  virtual Result<Bytes> derive(std::string_view key_id, ByteView peer_public_key) = 0;

  // The key's X.509 certificate (DER). Errors: kNotFound (no key or no
  // certificate for it), kUnavailable.
  virtual Result<Bytes> certificate(std::string_view key_id) = 0;

  // The key's SubjectPublicKeyInfo (DER). Errors: kNotFound, kUnavailable.
  virtual Result<Bytes> public_key(std::string_view key_id) = 0;
};

}  // namespace hal
