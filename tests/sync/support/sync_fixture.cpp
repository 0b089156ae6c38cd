#include "sync_fixture.hpp"

#include <sqlite3.h>

#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "drivers/key_store_factory.hpp"
#include "station/cms/digests.hpp"
#include "station/cms/signed_data.hpp"
#include "station/sync/receipt.hpp"
#include "store_fixture.hpp"
#include "subprocess.hpp"
#include "cmocka.hpp"

namespace sync_test {

using station::store::DossierState;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

const fs::path& pki() {
  static const fs::path dir = [] {
    fs::path d = SYNC_PKI_DIR;
    auto r = testing_support::run({MAKE_SYNC_PKI, d.string()}, {}, std::chrono::seconds(120));
    if (r.exit_code != 0) fail_msg("make-sync-pki failed: %s", r.err.c_str());
    return d;
  }();
  return dir;
}

hal::Bytes certificate_der(const fs::path& pem) {
  auto certs = station::sync::read_certificates(read_bytes(pem), pem.string());
  ASSERT_OK(certs);
  return certs->front();
}

void write_medium(const Station& signer, const fs::path& dir,
                  const std::vector<std::pair<std::string, hal::Bytes>>& batches) {
  fs::create_directories(dir);
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& [id, bytes] : batches) {
    write_bytes(dir / (id + ".batch"), bytes);
    entries.push_back({{"id", id}, {"origin", signer.name}, {"sha256", hal::to_hex(station::cms::sha256(bytes))},
                       {"bytes", bytes.size()}});
  }
  const std::string index =
      nlohmann::json{{"format", "station-media-index"}, {"v", 1}, {"station", signer.name}, {"batches", entries}}.dump();
  auto signed_index = station::cms::build_signed_data(
      station::cms::kIdDataOid, hal::ByteView(reinterpret_cast<const std::uint8_t*>(index.data()), index.size()),
      {signer.keys.get(), "station-ec", std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())});
  ASSERT_OK(signed_index);
  write_bytes(dir / "INDEX.cms", *signed_index);
}

hal::Bytes registry_receipt(station::store::Store& store, const std::string& station, const std::string& batch,
                            const fs::path& keys_dir, const std::vector<std::string>& accepted,
                            const std::string& key_id,
                            const std::vector<std::pair<std::string, std::string>>& rejected) {
  auto info = store.batch_info(batch);
  ASSERT_OK(info);
  auto keys = drivers::keys::open_key_files({keys_dir});
  ASSERT_OK(keys);
  station::sync::Receipt r{batch, info->hash, station, info->sequence, accepted, rejected, "2026-01-01T00:00:00Z", {}};
  auto signed_receipt = station::sync::sign_receipt(r, **keys, key_id, std::chrono::system_clock::now());
  ASSERT_OK(signed_receipt);
  return *signed_receipt;
}

fs::path Station::pki_dir() const { return name == "rogue" ? pki() / "rogue" : pki() / "stations" / name; }

station::sync::SyncSettings settings_for(const std::string& name, std::size_t max_dossiers) {
  station::sync::SyncSettings s;
  s.station_id = name;
  s.registry_certificate = certificate_der(pki() / "registry" / "encryption.cert.pem");
  s.registry_anchors = {certificate_der(pki() / "registry" / "ca.cert.pem")};
  s.station_anchors = {certificate_der(pki() / "stations" / "ca.cert.pem")};
  s.max_dossiers = max_dossiers;
  s.retention = std::chrono::hours(24);
  return s;
}

std::unique_ptr<Station> make_station(const std::string& name, std::size_t max_dossiers) {
  auto s = std::make_unique<Station>();
  s->name = name;
  auto keys = drivers::keys::open_key_files({s->pki_dir() / "keys"});
  ASSERT_OK(keys);
  s->keys = std::move(*keys);
  // Real time: the test certificates are valid from the day they were made.
  s->clock = std::make_unique<hal::FakeClock>(std::chrono::system_clock::now());
  s->reopen();
  s->sync = std::make_unique<station::sync::Syncer>(*s->store, *s->keys, *s->clock, settings_for(name, max_dossiers));
  return s;
}

void Station::reopen() {
  sync.reset();
  store.reset();
  auto options = store_test::options_for(db_path());
  options.station_id = name;
  auto opened = station::store::Store::open(options, keys.get(), *clock);
  ASSERT_OK(opened);
  store = std::move(*opened);
  sync = std::make_unique<station::sync::Syncer>(*store, *keys, *clock, settings_for(name, 10));
}

std::vector<std::string> Station::seal(int count, std::size_t image_bytes, std::uint64_t seed) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i)
    ids.push_back(store_test::sealed_dossier(*store, store_test::complete_dossier(image_bytes, seed + static_cast<std::uint64_t>(i))));
  return ids;
}

station::sync::RegistryEndpoint Station::endpoint(int port) const {
  return {"https://127.0.0.1:" + std::to_string(port), (pki() / "registry" / "ca.cert.pem").string(),
          (pki_dir() / "tls.cert.pem").string(), (pki_dir() / "tls.key.pem").string(), ""};
}

fs::path write_config(const Station& s, int port, int retention_days, const std::string& extra) {
  const fs::path config = s.dir.path() / "station.toml";
  std::ofstream out(config);
  out << "[keys]\nbackend = \"file\"\nkey_dir = \"" << (s.pki_dir() / "keys").string() << "\"\n"
      << "[store]\npath = \"" << s.db_path().string() << "\"\nstation_id = \"" << s.name << "\"\nmin_free_mb = 0\n"
      << "[sync]\nregistry_ca = \"" << (pki() / "registry" / "ca.cert.pem").string() << "\"\n"
      << "registry_certificate = \"" << (pki() / "registry" / "encryption.cert.pem").string() << "\"\n"
      << "station_ca = \"" << (pki() / "stations" / "ca.cert.pem").string() << "\"\n"
      << "tls_certificate = \"" << (s.pki_dir() / "tls.cert.pem").string() << "\"\n"
      << "tls_key = \"" << (s.pki_dir() / "tls.key.pem").string() << "\"\n"
      << "retention_days = " << retention_days << "\nmax_attempts = 2\nstall_timeout_s = 5\n" << extra;
  if (port != 0) out << "registry_url = \"https://127.0.0.1:" << port << "\"\n";
  return config;
}

station::sync::UploadPolicy test_policy() {
  station::sync::UploadPolicy p;
  p.chunk_bytes = 64 * 1024;
  p.first_backoff = std::chrono::milliseconds(20);
  p.max_backoff = std::chrono::milliseconds(200);
  p.stall_timeout = std::chrono::seconds(2);
  p.max_attempts = 10;
  return p;
}

RegistrySim::RegistrySim() { pki(); }
RegistrySim::~RegistrySim() { stop(); }

void RegistrySim::start(const std::vector<std::string>& switches) {
  const fs::path port_file = dir_.path() / "port";
  fs::remove(port_file);
  rig::SpawnOptions o;
  o.argv = {REGISTRY_SIM, "--pki", pki().string(), "--db", db_path().string(), "--port-file", port_file.string()};
  if (port_ != 0) o.argv.insert(o.argv.end(), {"--port", std::to_string(port_)});
  o.argv.insert(o.argv.end(), switches.begin(), switches.end());
  o.output_path = (dir_.path() / "registry.log").string();
  auto child = rig::ChildProcess::spawn(o);
  ASSERT_OK(child);
  process_ = std::move(*child);
  for (int i = 0; i < 1000; ++i) {
    if (fs::exists(port_file)) {
      port_ = std::stoi(read_text(port_file));
      return;
    }
    if (!process_.running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  fail_msg("registry-sim did not start: %s", log().c_str());
}

void RegistrySim::stop() {
  if (process_.started()) process_.stop();
}

void RegistrySim::kill_now() {
  if (!process_.started()) return;
  process_.signal(SIGKILL);
  process_.stop();
}

bool RegistrySim::running() { return process_.started() && process_.running(); }

std::int64_t RegistrySim::count(const std::string& sql) const {
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* q = nullptr;
  std::int64_t n = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
    n = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  sqlite3_close(db);
  return n;
}

std::string RegistrySim::log() const { return read_text(dir_.path() / "registry.log"); }

bool openssl(const std::vector<std::string>& arguments, std::string* err) {
  std::vector<std::string> argv{"/usr/bin/openssl"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  auto r = testing_support::run(argv, {}, std::chrono::seconds(60));
  if (err) *err = r.err;
  return r.exit_code == 0;
}

void write_bytes(const fs::path& path, hal::ByteView bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

hal::Bytes read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return hal::Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

fs::path make_crl(const fs::path& work, const fs::path& ca_dir, const std::string& name, const CrlOptions& options) {
  const fs::path db = work / (name + ".ca");
  fs::create_directories(db);
  std::ofstream(db / "index.txt").flush();
  std::ofstream(db / "crlnumber") << "1000\n";
  std::ofstream(db / "ca.cnf") << "[ca]\ndefault_ca = test\n[test]\ndatabase = " << (db / "index.txt").string()
                               << "\ncrlnumber = " << (db / "crlnumber").string()
                               << "\ndefault_md = sha256\ndefault_crl_days = 30\n";
  const std::vector<std::string> ca = {"ca", "-batch", "-config", (db / "ca.cnf").string(), "-cert",
                                       (ca_dir / "ca.cert.pem").string(), "-keyfile", (ca_dir / "ca.key.pem").string()};
  std::string err;
  for (const auto& cert : options.revoke) {
    auto args = ca;
    args.insert(args.end(), {"-revoke", cert.string()});
    if (!openssl(args, &err)) fail_msg("openssl ca -revoke: %s", err.c_str());
  }
  const fs::path out = work / (name + ".crl.pem");
  auto args = ca;
  args.insert(args.end(), {"-gencrl", "-out", out.string()});
  if (!options.last_update.empty()) args.insert(args.end(), {"-crl_lastupdate", options.last_update});
  if (!options.next_update.empty()) args.insert(args.end(), {"-crl_nextupdate", options.next_update});
  if (!openssl(args, &err)) fail_msg("openssl ca -gencrl: %s", err.c_str());
  return out;
}

}  // namespace sync_test
