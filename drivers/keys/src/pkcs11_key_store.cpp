#include "pkcs11_key_store.hpp"

#include "evp_key_operations.hpp"
#include "openssl_errors.hpp"
#include "pkcs11_engine.hpp"

namespace drivers::keys {

using hal::ErrorCode;

template <typename Body>
std::invoke_result_t<Body, PKCS11_SLOT*, Pkcs11Module&> Pkcs11KeyStore::with_token(Body body) {
  using Returned = std::invoke_result_t<Body, PKCS11_SLOT*, Pkcs11Module&>;
  if (refused_pin_) return *refused_pin_;
  if (!module_) {
    auto acquired = Pkcs11Module::acquire(module_path_);
    if (!acquired) return acquired.error();
    module_ = std::move(*acquired);
  }
  std::shared_ptr<Pkcs11Module> module = module_;  // outlives the lock even when module_ lets go below
  std::lock_guard lock(module->mutex());
  auto slot = log_into_token(*module);
  Returned result = slot ? body(*slot, *module) : Returned(slot.error());
  if (!result && result.error().code == ErrorCode::kUnavailable) {
    // The token is absent or was pulled, and its key handles are dead. If no
    // one else holds the module, the next call loads it afresh and so sees
    // the token once it is back.
    engine_keys_.clear();
    module_.reset();
  }
  return result;
}

template <typename Body>
hal::Result<hal::Bytes> Pkcs11KeyStore::with_key(std::string_view key_id, Body body) {
  return with_token([&](PKCS11_SLOT* slot, Pkcs11Module& module) -> hal::Result<hal::Bytes> {
    auto object = find_token_key(slot, key_id);
    if (!object) return object.error();
    auto key = usable_key(slot, module, std::move(*object));
    if (!key) return key.error();
    return body(*key);
  });
}

hal::Result<PKCS11_SLOT*> Pkcs11KeyStore::log_into_token(Pkcs11Module& module) {
  auto slot = module.find_token(token_label_);
  if (!slot) return slot.error();
  auto logged_in = log_in(*slot, pin_);
  if (logged_in) return slot;
  if (logged_in.error().code == ErrorCode::kWrongPin) {
    // A real token locks after a few refusals; one try per store keeps a
    // mistyped configuration from locking it.
    refused_pin_ = logged_in.error();
    refused_pin_->message += "; the PIN is not tried again until the key store is reopened";
  }
  return logged_in.error();
}

hal::Result<Pkcs11KeyStore::UsableKey> Pkcs11KeyStore::usable_key(PKCS11_SLOT* slot, Pkcs11Module& module,
                                                                   TokenKey object) {
  std::string label = object.key->label;
  auto cached = engine_keys_.find(label);
  if (cached == engine_keys_.end()) {
    auto engine = module.engine();
    if (!engine) return engine.error();
    std::string uri = private_key_uri(slot->token->label, slot->token->serialnr, key_id_bytes(*object.key));
    auto loaded = (*engine)->load_private_key(uri, object.name);
    if (!loaded) return loaded.error();
    cached = engine_keys_.emplace(label, std::move(*loaded)).first;
  }
  auto type = station_key_type(cached->second.get(), object.name);
  if (!type) return type.error();
  return UsableKey{std::move(object), cached->second.get(), *type};
}

hal::Result<std::vector<hal::KeyInfo>> Pkcs11KeyStore::list_keys() {
  return with_token([&](PKCS11_SLOT* slot, Pkcs11Module& module) -> hal::Result<std::vector<hal::KeyInfo>> {
    auto objects = rsa_and_ec_token_keys(slot);
    if (!objects) return objects.error();
    std::vector<hal::KeyInfo> listed;
    for (auto& object : *objects) {
      PKCS11_KEY* handle = object.key;
      auto key = usable_key(slot, module, std::move(object));
      if (!key && key.error().code == ErrorCode::kUnsupported) continue;  // e.g. an EC key on P-384
      if (!key) return key.error();
      bool has_certificate = PKCS11_find_certificate(handle) != nullptr;
      take_openssl_errors();  // a key without a certificate is no failure
      listed.push_back(hal::KeyInfo{handle->label, handle->label, key->type, has_certificate, token_label_});
    }
    return listed;
  });
}

hal::Result<hal::Bytes> Pkcs11KeyStore::sign(std::string_view key_id, hal::ByteView message,
                                             hal::SignatureScheme scheme) {
  return with_key(key_id, [&](const UsableKey& key) -> hal::Result<hal::Bytes> {
    HAL_TRY(check_scheme(key.type, scheme, key.object.name));
    return sign_message(key.key, message, scheme, key.object.name);
  });
}

hal::Result<hal::Bytes> Pkcs11KeyStore::decrypt(std::string_view key_id, hal::ByteView ciphertext) {
  return with_key(key_id, [&](const UsableKey& key) -> hal::Result<hal::Bytes> {
    HAL_TRY(require_key_type(key.type, hal::KeyType::kRsa, "RSA-OAEP decryption", key.object.name));
    return decrypt_oaep(key.key, ciphertext, key.object.name);
  });
}

hal::Result<hal::Bytes> Pkcs11KeyStore::derive(std::string_view key_id, hal::ByteView peer_public_key) {
  return with_key(key_id, [&](const UsableKey& key) -> hal::Result<hal::Bytes> {
    HAL_TRY(require_key_type(key.type, hal::KeyType::kEcP256, "ECDH", key.object.name));
    auto peer = parse_p256_peer(peer_public_key);
    if (!peer) return peer.error();
    return derive_ecdh(key.key, peer->get(), key.object.name);
  });
}

hal::Result<hal::Bytes> Pkcs11KeyStore::certificate(std::string_view key_id) {
  return with_key(key_id, [&](const UsableKey& key) -> hal::Result<hal::Bytes> {
    PKCS11_CERT* certificate = PKCS11_find_certificate(key.object.key);
    if (certificate == nullptr || certificate->x509 == nullptr) {
      take_openssl_errors();
      return hal::make_error(ErrorCode::kNotFound,
                             key.object.name + " has no certificate (no certificate object with the key's CKA_ID)");
    }
    return certificate_der(certificate->x509, key.key, key.object.name);
  });
}

hal::Result<hal::Bytes> Pkcs11KeyStore::public_key(std::string_view key_id) {
  return with_key(key_id, [&](const UsableKey& key) { return spki_der(key.key, key.object.name); });
}

}  // namespace drivers::keys
