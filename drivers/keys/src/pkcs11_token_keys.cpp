#include "pkcs11_token_keys.hpp"

#include <span>

#include "openssl_errors.hpp"

namespace drivers::keys {

namespace {

using hal::ErrorCode;

std::string token_name(const PKCS11_SLOT* slot) { return "token '" + std::string(slot->token->label) + "'"; }

TokenKey describe(const PKCS11_SLOT* slot, PKCS11_KEY* key) {
  return TokenKey{key, "key '" + std::string(key->label) + "' on " + token_name(slot)};
}

hal::Result<std::span<PKCS11_KEY>> private_keys(PKCS11_SLOT* slot) {
  PKCS11_KEY* keys = nullptr;
  unsigned int count = 0;
  if (PKCS11_enumerate_keys(slot->token, &keys, &count) != 0) {
    return openssl_error(ErrorCode::kInternal, "cannot list the private keys of " + token_name(slot));
  }
  return std::span<PKCS11_KEY>(keys, count);
}

std::string labels_of(std::span<PKCS11_KEY> keys) {
  std::string labels;
  for (const auto& key : keys) {
    if (key.label != nullptr) labels += (labels.empty() ? "'" : ", '") + std::string(key.label) + "'";
  }
  return labels.empty() ? "none" : labels;
}

}  // namespace

hal::Status log_in(PKCS11_SLOT* slot, const SecretString& pin) {
  const PKCS11_TOKEN* token = slot->token;
  if (!token->loginRequired) return {};
  int logged_in = 0;
  if (PKCS11_is_logged_in(slot, 0, &logged_in) == 0 && logged_in) return {};
  if (token->userPinLocked) {
    return hal::make_error(ErrorCode::kPinLocked,
                           "the user PIN of " + token_name(slot) + " is locked; its security officer must unblock it");
  }
  if (pin.empty()) return hal::make_error(ErrorCode::kWrongPin, token_name(slot) + " needs a PIN and none is configured");
  if (PKCS11_login(slot, 0, pin.reveal()) == 0) return {};
  hal::Error error = openssl_error(ErrorCode::kInternal, token_name(slot) + " refused the login");
  if (error.code == ErrorCode::kWrongPin) {
    error.message = token_name(slot) + " refused the PIN" +
                    (token->userPinFinalTry ? " (one try left before it locks)" : "");
  }
  return error;
}

hal::Result<TokenKey> find_token_key(PKCS11_SLOT* slot, std::string_view label) {
  auto keys = private_keys(slot);
  if (!keys) return keys.error();
  PKCS11_KEY* found = nullptr;
  for (auto& key : *keys) {
    if (key.label == nullptr || label != key.label) continue;
    if (found != nullptr) {
      return hal::make_error(ErrorCode::kFailedPrecondition,
                             token_name(slot) + " has several private keys labelled '" + std::string(label) +
                                 "'; labels must be unique");
    }
    found = &key;
  }
  if (found == nullptr) {
    return hal::make_error(ErrorCode::kNotFound, "no private key labelled '" + std::string(label) + "' on " +
                                                     token_name(slot) + " (keys: " + labels_of(*keys) + ")");
  }
  return describe(slot, found);
}

hal::Result<std::vector<TokenKey>> rsa_and_ec_token_keys(PKCS11_SLOT* slot) {
  auto keys = private_keys(slot);
  if (!keys) return keys.error();
  std::vector<TokenKey> usable;
  for (auto& key : *keys) {
    // A key without a label cannot be named in the configuration.
    if (key.label == nullptr) continue;
    int type = PKCS11_get_key_type(&key);
    if (type == EVP_PKEY_RSA || type == EVP_PKEY_EC) usable.push_back(describe(slot, &key));
  }
  take_openssl_errors();  // keys of other types leave notes that are no failure
  return usable;
}

std::string key_id_bytes(const PKCS11_KEY& key) {
  return std::string(reinterpret_cast<const char*>(key.id), key.id_len);
}

}  // namespace drivers::keys
