// In-memory KeyStore for unit tests of code that only passes signatures and
// wrapped keys along. Its "cryptography" is a keyed checksum, not security:
// anything that must verify with OpenSSL uses drivers/keys instead.
#pragma once

#include <map>
#include <optional>

#include "hal/key_store.hpp"

namespace hal {

class FakeKeyStore final : public KeyStore {
 public:
  void add_key(KeyInfo info, Bytes secret, Bytes certificate = {});
  // Makes every later call fail as a real token would.
  void fail_with(std::optional<Error> error) { failure_ = std::move(error); }

  // The fake's signature over `message`, to check what sign() returned.
  Bytes expected_signature(std::string_view key_id, ByteView message) const;
  // Wraps `plain` so that decrypt(key_id, ...) returns it.
  Bytes wrap(std::string_view key_id, ByteView plain) const;

  Result<std::vector<KeyInfo>> list_keys() override;
  Result<Bytes> sign(std::string_view key_id, ByteView message, SignatureScheme scheme) override;
  Result<Bytes> decrypt(std::string_view key_id, ByteView ciphertext) override;
  Result<Bytes> derive(std::string_view key_id, ByteView peer_public_key) override;
  Result<Bytes> certificate(std::string_view key_id) override;
  Result<Bytes> public_key(std::string_view key_id) override;

 private:
  struct Key {
    KeyInfo info;
    Bytes secret;
    Bytes certificate;
  };
  Result<const Key*> find(std::string_view key_id) const;

  std::map<std::string, Key, std::less<>> keys_;
  std::optional<Error> failure_;
};

}  // namespace hal
