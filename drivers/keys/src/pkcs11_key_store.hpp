// hal::KeyStore over one PKCS#11 token: libp11 finds the token, logs in and
// looks keys up (it says why a login failed); the "pkcs11" engine loads each
// key as an EVP_PKEY whose operations run inside the token.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "hal/key_store.hpp"
#include "openssl_ptr.hpp"
#include "pkcs11_module.hpp"
#include "pkcs11_token_keys.hpp"
#include "secret_string.hpp"

namespace drivers::keys {

class Pkcs11KeyStore final : public hal::KeyStore {
 public:
  Pkcs11KeyStore(std::shared_ptr<Pkcs11Module> module, std::string token_label, std::string_view pin)
      : module_path_(module->path()), module_(std::move(module)), token_label_(std::move(token_label)), pin_(pin) {}

  hal::Result<std::vector<hal::KeyInfo>> list_keys() override;
  hal::Result<hal::Bytes> sign(std::string_view key_id, hal::ByteView message, hal::SignatureScheme scheme) override;
  hal::Result<hal::Bytes> decrypt(std::string_view key_id, hal::ByteView ciphertext) override;
  hal::Result<hal::Bytes> derive(std::string_view key_id, hal::ByteView peer_public_key) override;
  hal::Result<hal::Bytes> certificate(std::string_view key_id) override;
  hal::Result<hal::Bytes> public_key(std::string_view key_id) override;

 private:
  struct UsableKey {
    TokenKey object;
    EVP_PKEY* key;  // the engine's, cached in engine_keys_
    hal::KeyType type;
  };

  // Runs `body(slot, module)` with the module locked and the user logged
  // into the token; lets go of the module when the token is not there.
  template <typename Body>
  std::invoke_result_t<Body, PKCS11_SLOT*, Pkcs11Module&> with_token(Body body);
  // Runs `body(key)` on the key labelled `key_id`, inside with_token.
  template <typename Body>
  hal::Result<hal::Bytes> with_key(std::string_view key_id, Body body);
  hal::Result<PKCS11_SLOT*> log_into_token(Pkcs11Module& module);
  hal::Result<UsableKey> usable_key(PKCS11_SLOT* slot, Pkcs11Module& module, TokenKey object);

  std::string module_path_;
  std::shared_ptr<Pkcs11Module> module_;  // null after the token went away
  std::string token_label_;
  SecretString pin_;
  std::optional<hal::Error> refused_pin_;
  // Declared after module_ so they are freed before the engine that made them.
  std::map<std::string, PkeyPtr, std::less<>> engine_keys_;
};

}  // namespace drivers::keys
