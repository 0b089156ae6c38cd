// Login and key lookup on one token through libp11 (which, unlike the engine,
// reports why a login failed). Callers hold the module's mutex.
#pragma once

#include <libp11.h>

#include <string>
#include <string_view>
#include <vector>

#include "hal/result.hpp"
#include "secret_string.hpp"

namespace drivers::keys {

// Logs the user in unless the token needs no login or is logged in already.
// kPinLocked (before trying, when the token says so), kWrongPin (refused, or
// none configured), kFailedPrecondition (expired or never set), kUnavailable.
hal::Status log_in(PKCS11_SLOT* slot, const SecretString& pin);

// A private key object on the token, owned by libp11's slot list.
struct TokenKey {
  PKCS11_KEY* key = nullptr;
  std::string name;  // "key 'x' on token 'y'", for messages
};

// The private key labelled `label`. kNotFound naming the labels present,
// kFailedPrecondition when two keys share the label.
hal::Result<TokenKey> find_token_key(PKCS11_SLOT* slot, std::string_view label);

// The labelled private keys that are RSA or EC (the curve is checked later,
// on the key itself), in the token's order.
hal::Result<std::vector<TokenKey>> rsa_and_ec_token_keys(PKCS11_SLOT* slot);

// The CKA_ID of a key as bytes, for the engine's URI.
std::string key_id_bytes(const PKCS11_KEY& key);

}  // namespace drivers::keys
