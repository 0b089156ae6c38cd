#include "fake_key_store.hpp"

#include <cstdint>
#include <string>

namespace hal {

namespace {

// 64-bit FNV-1a over secret then message, repeated to 32 bytes: stable and
// key-dependent, which is all a fake needs.
Bytes keyed_checksum(ByteView secret, ByteView message, std::size_t length) {
  Bytes out;
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](std::uint8_t b) {
    h ^= b;
    h *= 0x100000001b3ULL;
  };
  for (std::uint8_t b : secret) mix(b);
  for (std::uint8_t b : message) mix(b);
  while (out.size() < length) {
    mix(static_cast<std::uint8_t>(out.size()));
    for (int i = 0; i < 8 && out.size() < length; ++i) out.push_back(static_cast<std::uint8_t>(h >> (8 * i)));
  }
  return out;
}

Bytes xor_with(ByteView data, ByteView pad) {
  Bytes out(data.begin(), data.end());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] ^= pad[i % pad.size()];
  return out;
}

}  // namespace

void FakeKeyStore::add_key(KeyInfo info, Bytes secret, Bytes certificate) {
  info.has_certificate = !certificate.empty();
  std::string id = info.id;
  keys_[id] = Key{std::move(info), std::move(secret), std::move(certificate)};
}

Result<const FakeKeyStore::Key*> FakeKeyStore::find(std::string_view key_id) const {
  if (failure_) return *failure_;
  auto it = keys_.find(key_id);
  if (it == keys_.end()) return make_error(ErrorCode::kNotFound, "no key '" + std::string(key_id) + "'");
  return &it->second;
}

Bytes FakeKeyStore::expected_signature(std::string_view key_id, ByteView message) const {
  auto key = find(key_id);
  return key ? keyed_checksum((*key)->secret, message, 64) : Bytes{};
}

Bytes FakeKeyStore::wrap(std::string_view key_id, ByteView plain) const {
  auto key = find(key_id);
  if (!key) return {};
  return xor_with(plain, keyed_checksum((*key)->secret, {}, 32));
}

Result<std::vector<KeyInfo>> FakeKeyStore::list_keys() {
  if (failure_) return *failure_;
  std::vector<KeyInfo> out;
  for (const auto& [id, key] : keys_) out.push_back(key.info);
  return out;
}

Result<Bytes> FakeKeyStore::sign(std::string_view key_id, ByteView message, SignatureScheme scheme) {
  auto key = find(key_id);
  if (!key) return key.error();
  bool ec_scheme = scheme == SignatureScheme::kEcdsaSha256;
  if (ec_scheme != ((*key)->info.type == KeyType::kEcP256)) {
    return make_error(ErrorCode::kUnsupported, "scheme does not suit key '" + std::string(key_id) + "'");
  }
  return keyed_checksum((*key)->secret, message, 64);
}

Result<Bytes> FakeKeyStore::decrypt(std::string_view key_id, ByteView ciphertext) {
  auto key = find(key_id);
  if (!key) return key.error();
  if ((*key)->info.type != KeyType::kRsa) return make_error(ErrorCode::kUnsupported, "decrypt needs an RSA key");
  return xor_with(ciphertext, keyed_checksum((*key)->secret, {}, 32));
}

Result<Bytes> FakeKeyStore::derive(std::string_view key_id, ByteView peer_public_key) {
  auto key = find(key_id);
  if (!key) return key.error();
  if ((*key)->info.type != KeyType::kEcP256) return make_error(ErrorCode::kUnsupported, "derive needs an EC key");
  if (peer_public_key.empty()) return make_error(ErrorCode::kInvalidArgument, "empty peer public key");
  return keyed_checksum((*key)->secret, peer_public_key, 32);
}

Result<Bytes> FakeKeyStore::certificate(std::string_view key_id) {
  auto key = find(key_id);
  if (!key) return key.error();
  if ((*key)->certificate.empty()) {
    return make_error(ErrorCode::kNotFound, "key '" + std::string(key_id) + "' has no certificate");
  }
  return (*key)->certificate;
}

Result<Bytes> FakeKeyStore::public_key(std::string_view key_id) {
  auto key = find(key_id);
  if (!key) return key.error();
  return keyed_checksum((*key)->secret, {}, 65);
}

}  // namespace hal
