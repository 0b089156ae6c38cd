#include "key_file_store.hpp"

#include <openssl/pem.h>

#include <algorithm>
#include <system_error>

#include "evp_key_operations.hpp"
#include "hal/files.hpp"
#include "openssl_errors.hpp"

namespace drivers::keys {

namespace {

namespace fs = std::filesystem;
using hal::ErrorCode;

constexpr std::string_view kKeySuffix = ".key.pem";
constexpr std::string_view kCertificateSuffix = ".cert.pem";

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// Ids become file names, so one must not reach outside the directory.
hal::Status check_key_id(std::string_view key_id) {
  bool plain = !key_id.empty() && key_id.front() != '.' && key_id.find('/') == std::string_view::npos &&
               key_id.find('\0') == std::string_view::npos;
  if (plain) return {};
  return hal::make_error(ErrorCode::kInvalidArgument,
                         "key id '" + std::string(key_id) + "' is not a file stem (empty, leading '.', or a '/')");
}

// Read as every file named by the configuration is (hal::read_regular_file):
// a FIFO, folder or device in the key folder is refused by name rather than
// blocking OpenSSL's reader, and a link there is not followed.
constexpr hal::FileKind kKeyFolderFile{"key folder file", 1 * hal::kMiB};

hal::Result<BioPtr> open_for_reading(const fs::path& path) {
  auto bytes = hal::read_regular_file(path, kKeyFolderFile);
  if (!bytes) return bytes.error();
  BioPtr bio(BIO_new(BIO_s_mem()));
  const int size = static_cast<int>(bytes->size());
  if (!bio || (size > 0 && BIO_write(bio.get(), bytes->data(), size) != size))
    return openssl_error(ErrorCode::kIo, "cannot read " + quoted(path));
  return bio;
}

// OpenSSL asks for a passphrase only when the PEM block is encrypted; saying
// no (rather than prompting on a terminal) tells us which case we are in.
int refuse_passphrase(char*, int, int, void* asked) {
  *static_cast<bool*>(asked) = true;
  return -1;
}

hal::Result<PkeyPtr> read_private_key(const fs::path& path) {
  auto bio = open_for_reading(path);
  if (!bio) return bio.error();
  bool passphrase_asked = false;
  PkeyPtr key(PEM_read_bio_PrivateKey(bio->get(), nullptr, refuse_passphrase, &passphrase_asked));
  if (key) return key;
  if (passphrase_asked) {
    take_openssl_errors();
    return hal::make_error(ErrorCode::kUnsupported,
                           "key file " + quoted(path) + " is encrypted; the key-file backend reads unencrypted keys only");
  }
  return openssl_error(ErrorCode::kCorrupt, "key file " + quoted(path) + " holds no readable PEM private key");
}

hal::Result<X509Ptr> read_certificate(const fs::path& path) {
  auto bio = open_for_reading(path);
  if (!bio) return bio.error();
  X509Ptr certificate(PEM_read_bio_X509(bio->get(), nullptr, nullptr, nullptr));
  if (!certificate) {
    return openssl_error(ErrorCode::kCorrupt, "certificate file " + quoted(path) + " holds no readable PEM certificate");
  }
  return certificate;
}

}  // namespace

hal::Status KeyFileStore::check_directory() const {
  std::error_code error;
  if (fs::is_directory(directory_, error)) return {};
  return hal::make_error(ErrorCode::kUnavailable,
                         "key directory " + quoted(directory_) + " does not exist or is not a directory");
}

hal::Result<fs::path> KeyFileStore::file_for(std::string_view key_id, std::string_view suffix) const {
  HAL_TRY(check_key_id(key_id));
  HAL_TRY(check_directory());
  return directory_ / (std::string(key_id) + std::string(suffix));
}

hal::Result<KeyFileStore::LoadedKey> KeyFileStore::load(std::string_view key_id) const {
  auto path = file_for(key_id, kKeySuffix);
  if (!path) return path.error();
  std::error_code error;
  if (!fs::exists(*path, error)) {
    return hal::make_error(ErrorCode::kNotFound,
                           "no key '" + std::string(key_id) + "': " + quoted(*path) + " does not exist");
  }
  auto key = read_private_key(*path);
  if (!key) return key.error();
  std::string name = "key file " + quoted(*path);
  auto type = station_key_type(key->get(), name);
  if (!type) return type.error();
  return LoadedKey{std::move(*key), *type, std::move(name)};
}

hal::Result<KeyFileStore::LoadedKey> KeyFileStore::load_of_type(std::string_view key_id, hal::KeyType type,
                                                                std::string_view operation) const {
  auto loaded = load(key_id);
  if (!loaded) return loaded.error();
  HAL_TRY(require_key_type(loaded->type, type, operation, loaded->name));
  return loaded;
}

hal::Result<std::vector<hal::KeyInfo>> KeyFileStore::list_keys() {
  HAL_TRY(check_directory());
  std::vector<std::string> ids;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory_, error)) {
    std::string name = entry.path().filename().string();
    if (name.size() > kKeySuffix.size() && name.ends_with(kKeySuffix) && check_key_id(name).ok()) {
      ids.push_back(name.substr(0, name.size() - kKeySuffix.size()));
    }
  }
  if (error) return hal::make_error(ErrorCode::kIo, "cannot list " + quoted(directory_) + ": " + error.message());
  std::sort(ids.begin(), ids.end());
  std::vector<hal::KeyInfo> keys;
  for (const auto& id : ids) {
    auto loaded = load(id);
    if (!loaded && loaded.error().code == ErrorCode::kUnsupported) continue;  // not a kind the station can use
    if (!loaded) return loaded.error();
    bool has_certificate = fs::exists(directory_ / (id + std::string(kCertificateSuffix)), error);
    keys.push_back(hal::KeyInfo{id, id, loaded->type, has_certificate, "file"});
  }
  return keys;
}

hal::Result<hal::Bytes> KeyFileStore::sign(std::string_view key_id, hal::ByteView message,
                                           hal::SignatureScheme scheme) {
  auto loaded = load(key_id);
  if (!loaded) return loaded.error();
  HAL_TRY(check_scheme(loaded->type, scheme, loaded->name));
  return sign_message(loaded->key.get(), message, scheme, loaded->name);
}

hal::Result<hal::Bytes> KeyFileStore::decrypt(std::string_view key_id, hal::ByteView ciphertext) {
  auto loaded = load_of_type(key_id, hal::KeyType::kRsa, "RSA-OAEP decryption");
  if (!loaded) return loaded.error();
  return decrypt_oaep(loaded->key.get(), ciphertext, loaded->name);
}

hal::Result<hal::Bytes> KeyFileStore::derive(std::string_view key_id, hal::ByteView peer_public_key) {
  auto loaded = load_of_type(key_id, hal::KeyType::kEcP256, "ECDH");
  if (!loaded) return loaded.error();
  auto peer = parse_p256_peer(peer_public_key);
  if (!peer) return peer.error();
  return derive_ecdh(loaded->key.get(), peer->get(), loaded->name);
}

hal::Result<hal::Bytes> KeyFileStore::certificate(std::string_view key_id) {
  auto loaded = load(key_id);
  if (!loaded) return loaded.error();
  fs::path path = directory_ / (std::string(key_id) + std::string(kCertificateSuffix));
  std::error_code error;
  if (!fs::exists(path, error)) {
    return hal::make_error(ErrorCode::kNotFound,
                           "key '" + std::string(key_id) + "' has no certificate: " + quoted(path) + " does not exist");
  }
  auto certificate = read_certificate(path);
  if (!certificate) return certificate.error();
  return certificate_der(certificate->get(), loaded->key.get(), loaded->name);
}

hal::Result<hal::Bytes> KeyFileStore::public_key(std::string_view key_id) {
  auto loaded = load(key_id);
  if (!loaded) return loaded.error();
  return spki_der(loaded->key.get(), loaded->name);
}

}  // namespace drivers::keys
