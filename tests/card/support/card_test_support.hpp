// Shared by the card tests: a sample holder with a synthetic face, private
// temporary folders, and the test PKI (toolchain/make-test-pki) with its
// SoftHSM2 token opened as the station would.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "hal/key_store.hpp"
#include "station/card/holder_data.hpp"

namespace card_test {

// A folder under /tmp removed with its content when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A face-like test picture: a lit oval on a gradient with some texture, so
// JPEG 2000 has real work to do. Deterministic for given sizes.
station::biometrics::RawImage synthetic_face(std::uint32_t width, std::uint32_t height, std::uint32_t channels);

// Nguyễn Văn An, born 1989-05-17, ID 001089012345, with a 240 x 320 RGB face.
station::card::CardHolderData sample_holder();

// The test PKI in a private folder: CSCA files and the "document-signer"
// key in a SoftHSM2 token, opened through drivers/keys.
class Pki {
 public:
  // Runs make-test-pki and opens the token (SOFTHSM2_CONF is set for this
  // process first). False after printing why, when that failed.
  bool make();
  hal::KeyStore& keys() { return *keys_; }
  std::filesystem::path csca_pem() const { return dir_.path() / "pki" / "csca.cert.pem"; }
  const std::filesystem::path& dir() const { return dir_.path(); }
  std::vector<hal::Bytes> csca() const;

 private:
  TempDir dir_;
  std::unique_ptr<hal::KeyStore> keys_;
};

inline constexpr const char* kDocumentSigner = "document-signer";

void write_bytes(const std::filesystem::path& path, hal::ByteView bytes);
hal::Bytes read_bytes(const std::filesystem::path& path);

// Runs the `openssl` tool; true when it exits 0. Its output goes to `out`.
bool openssl(const std::vector<std::string>& arguments, std::string* out = nullptr);

}  // namespace card_test
