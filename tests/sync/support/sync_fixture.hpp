// What the sync tests share: the test PKI (toolchain/make-sync-pki, made
// once per build folder), a station (store + key files + syncer) in a
// private folder, the registry simulator as a real process on loopback,
// and the `openssl` tool as an independent judge.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fake_clock.hpp"
#include "hal/key_store.hpp"
#include "rig/child_process.hpp"
#include "station/store/store.hpp"
#include "station/sync/syncer.hpp"
#include "station/sync/uploader.hpp"
#include "temp_dir.hpp"

namespace sync_test {

namespace fs = std::filesystem;

// The PKI folder, made on first use (fails the test when it cannot be).
const fs::path& pki();
// DER of the first certificate in a PEM file.
hal::Bytes certificate_der(const fs::path& pem);

// A station named after its folder in the PKI ("field-01", "district-01",
// "expired-01"; "rogue" for the untrusted one).
struct Station {
  keys_test::TempDir dir;
  std::string name;
  std::unique_ptr<hal::KeyStore> keys;
  std::unique_ptr<hal::FakeClock> clock;
  std::unique_ptr<station::store::Store> store;
  std::unique_ptr<station::sync::Syncer> sync;

  fs::path db_path() const { return dir.path() / "station.db"; }
  fs::path pki_dir() const;
  // Seals `count` complete dossiers with images of about `image_bytes`.
  std::vector<std::string> seal(int count, std::size_t image_bytes, std::uint64_t seed);
  station::sync::RegistryEndpoint endpoint(int port) const;
  void reopen();
};

// Writes DIR/station.toml for the `station` program over this station's
// store and PKI folder (`port` 0 leaves it offline); `extra` lines go into
// its [sync] table. Returns the file's path.
fs::path write_config(const Station& s, int port, int retention_days = 0, const std::string& extra = "");

std::unique_ptr<Station> make_station(const std::string& name, std::size_t max_dossiers = 10);
station::sync::SyncSettings settings_for(const std::string& name, std::size_t max_dossiers);
// A quick policy for tests: small backoff, a short stall timeout.
station::sync::UploadPolicy test_policy();

// The registry's receipt for `batch` held in `store`, naming `station` and
// accepting `accepted`, signed by key `key_id` of the key files in
// `keys_dir` (fails the test when it cannot be made).
// `rejected` lists (dossier id, the registry's reason).
hal::Bytes registry_receipt(station::store::Store& store, const std::string& station, const std::string& batch,
                            const fs::path& keys_dir, const std::vector<std::string>& accepted,
                            const std::string& key_id = "registry-receipts",
                            const std::vector<std::pair<std::string, std::string>>& rejected = {});

// registry-sim as a child process; its folder (database, log) lives as long
// as this object, across restarts.
class RegistrySim {
 public:
  RegistrySim();
  ~RegistrySim();
  // Starts with extra switches (see tests/rig/registry/README.md); fails
  // the test when it does not listen within 10 s.
  void start(const std::vector<std::string>& switches = {});
  void stop();
  void kill_now();
  bool running();
  int port() const { return port_; }
  fs::path db_path() const { return dir_.path() / "registry.db"; }
  std::int64_t count(const std::string& sql) const;
  std::string log() const;

 private:
  keys_test::TempDir dir_;
  rig::ChildProcess process_;
  int port_ = 0;
};

// A removable medium as `station export` writes it, but with exactly
// `batches` (id, file bytes) on it, the index signed by `signer`'s station
// key: media that are out of order, incomplete or hostile.
void write_medium(const Station& signer, const fs::path& dir,
                  const std::vector<std::pair<std::string, hal::Bytes>>& batches);

// A certificate revocation list made by `openssl ca` (-revoke, -gencrl) for
// the CA in `ca_dir` (ca.cert.pem, ca.key.pem), with its own database in
// `work`; returns the PEM file. Fails the test when openssl does.
struct CrlOptions {
  std::vector<fs::path> revoke{};  // certificates the CA revokes
  std::string last_update{};     // openssl -crl_lastupdate (YYYYMMDDHHMMSSZ), "" now
  std::string next_update{};     // openssl -crl_nextupdate, "" in 30 days
};
fs::path make_crl(const fs::path& work, const fs::path& ca_dir, const std::string& name, const CrlOptions& options);

// Runs `openssl` with arguments; true when it exits 0.
bool openssl(const std::vector<std::string>& arguments, std::string* err = nullptr);
void write_bytes(const fs::path& path, hal::ByteView bytes);
hal::Bytes read_bytes(const fs::path& path);

}  // namespace sync_test
