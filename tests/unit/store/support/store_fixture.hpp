// What the store tests share: the station's keys as files that OpenSSL
// (test side) made, opened through the real key-file backend; complete,
// sealable dossiers; a store on a private temporary folder; and raw SQLite
// access for tampering, independent of the store's own code.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>

#include "fake_clock.hpp"
#include "hal/key_store.hpp"
#include "openssl_fixtures.hpp"
#include "station/dossier/dossier.hpp"
#include "station/store/store.hpp"
#include "temp_dir.hpp"

namespace store_test {

namespace fs = std::filesystem;
using station::dossier::Dossier;
using station::store::DossierState;
using station::store::Store;
using station::store::StoreOptions;

inline constexpr const char* kOfficer = "officer-017";
inline constexpr const char* kSupervisor = "supervisor-003";
inline constexpr const char* kStation = "station-hue-01";

// station-rsa (RSA-2048) and station-ec (P-256) with self-signed
// certificates, written as PEM files in a private folder.
struct StationKeys {
  keys_test::TempDir dir;
  keys_test::Key rsa;
  keys_test::Key ec;
  hal::Bytes rsa_certificate;
  hal::Bytes ec_certificate;

  fs::path key_dir() const { return dir.path() / "keys"; }
  // Writes the files; a failure fails the running test (cmocka).
  void write();
  // The real key-file backend over key_dir(); fails the test if it cannot.
  std::unique_ptr<hal::KeyStore> open() const;
};

// A wall clock fixed at 2025-06-01 08:00 UTC, moved by tests at will.
std::unique_ptr<hal::FakeClock> test_clock();

StoreOptions options_for(const fs::path& database);

// `size` bytes that look random and are the same for the same seed.
hal::Bytes pseudo_random(std::size_t size, std::uint64_t seed);

// A dossier that validates for sealing: Vietnamese demographics consistent
// with its personal id, a face and ten captured fingers whose images add up
// to about `image_bytes`.
Dossier complete_dossier(std::size_t image_bytes, std::uint64_t seed);

// Saves every part of `d` into draft `id`, one step at a time.
hal::Status save_all(Store& store, const std::string& id, const Dossier& d);

// Creates a draft holding `d` and seals it; returns the id (fails the test on error).
std::string sealed_dossier(Store& store, const Dossier& d);

std::string read_text(const fs::path& path);
hal::Bytes read_bytes(const fs::path& path);

// A plain SQLite connection of the test's own.
class RawDb {
 public:
  explicit RawDb(const fs::path& path);
  ~RawDb();
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // Runs SQL, failing the test when SQLite refuses.
  void exec(const std::string& sql);
  // Like exec, returning SQLite's result code instead of failing.
  int try_exec(const std::string& sql);
  std::int64_t integer(const std::string& sql);
  std::string text(const std::string& sql);
  hal::Bytes blob(const std::string& sql);
  void set_blob(const std::string& sql, hal::ByteView value);  // `sql` has one ? for the value
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace store_test
