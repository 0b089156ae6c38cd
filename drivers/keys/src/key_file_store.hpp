// hal::KeyStore over a directory of PEM files, for development: keys in the
// clear on disk, never for a real station.
#pragma once

#include <filesystem>

#include "drivers/key_store_factory.hpp"
#include "hal/key_store.hpp"
#include "openssl_ptr.hpp"

namespace drivers::keys {

class KeyFileStore final : public hal::KeyStore {
 public:
  explicit KeyFileStore(std::filesystem::path directory) : directory_(std::move(directory)) {}

  hal::Result<std::vector<hal::KeyInfo>> list_keys() override;
  hal::Result<hal::Bytes> sign(std::string_view key_id, hal::ByteView message, hal::SignatureScheme scheme) override;
  hal::Result<hal::Bytes> decrypt(std::string_view key_id, hal::ByteView ciphertext) override;
  hal::Result<hal::Bytes> derive(std::string_view key_id, hal::ByteView peer_public_key) override;
  hal::Result<hal::Bytes> certificate(std::string_view key_id) override;
  hal::Result<hal::Bytes> public_key(std::string_view key_id) override;

  // kUnavailable unless the directory exists.
  hal::Status check_directory() const;

 private:
  struct LoadedKey {
    PkeyPtr key;
    hal::KeyType type;
    std::string name;  // for messages
  };
  hal::Result<std::filesystem::path> file_for(std::string_view key_id, std::string_view suffix) const;
  hal::Result<LoadedKey> load(std::string_view key_id) const;
  hal::Result<LoadedKey> load_of_type(std::string_view key_id, hal::KeyType type, std::string_view operation) const;

  std::filesystem::path directory_;
};

}  // namespace drivers::keys
