// `station queue`, `station dossier show`, `station audit verify` and
// `station store check` as a user meets them: output, --json and exit codes,
// on a store the test fills through the library with key files.
#include <nlohmann/json.hpp>

#include <optional>

#include "store_fixture.hpp"
#include "station/store/schema.hpp"
#include "station/store/writer_lock.hpp"
#include "officer_desk.hpp"
#include "subprocess.hpp"
#include "cmocka.hpp"

namespace {

using namespace store_test;
using nlohmann::json;
using testing_support::contains;

struct CliFixture {
  StationKeys keys;
  std::unique_ptr<hal::KeyStore> key_store;
  std::unique_ptr<hal::FakeClock> clock = test_clock();
  std::string sealed;
  std::string batched;
  std::string draft;
  fs::path db() const { return keys.dir.path() / "store" / "station.db"; }
  fs::path config() const { return keys.dir.path() / "station.toml"; }
};

CliFixture& fixture(void** state) { return **reinterpret_cast<CliFixture**>(state); }

int set_up(void** state) {
  auto f = std::make_unique<CliFixture>();
  f->keys.write();
  f->key_store = f->keys.open();
  auto store = Store::open(options_for(f->db()), f->key_store.get(), *f->clock);
  if (!store) return -1;
  f->sealed = sealed_dossier(**store, complete_dossier(22000, 91));
  f->batched = sealed_dossier(**store, complete_dossier(22000, 92));
  if (!(*store)->transition(f->batched, DossierState::kBatched, "sync").ok()) return -1;
  auto draft = (*store)->create_draft(kOfficer);
  if (!draft) return -1;
  f->draft = *draft;
  if (!(*store)->sign_audit_head().ok()) return -1;
  std::ofstream(f->config()) << "[keys]\nbackend = \"file\"\nkey_dir = \"" << f->keys.key_dir().string()
                             << "\"\n[store]\npath = \"" << f->db().string() << "\"\nstation_id = \"" << kStation
                             << "\"\n[officers]\npin_hash_passes = 1\npin_hash_memory_kib = 1024\n";
  *state = f.release();
  return 0;
}

int tear_down(void** state) {
  delete &fixture(state);
  return 0;
}

testing_support::RunResult station(CliFixture& f, std::vector<std::string> arguments) {
  std::vector<std::string> argv{STATION_BINARY, "--config", f.config().string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return testing_support::run(argv);
}

void queue_lists_pending_dossiers_without_citizen_data(void** state) {
  auto& f = fixture(state);
  auto r = station(f, {"queue"});
  assert_int_equal(r.exit_code, 0);
  assert_true(contains(r.out, "1 draft, 1 sealed, 1 batched"));
  assert_true(contains(r.out, f.sealed) && contains(r.out, f.batched) && contains(r.out, f.draft));
  assert_true(contains(r.out, "3 shown (pending)"));
  assert_false(contains(r.out, "Nguyễn"));
  auto sealed_only = station(f, {"queue", "--state", "sealed", "--json"});
  assert_int_equal(sealed_only.exit_code, 0);
  auto doc = json::parse(sealed_only.out);
  assert_int_equal(doc["dossiers"].size(), 1);
  assert_string_equal(doc["dossiers"][0]["id"].get<std::string>().c_str(), f.sealed.c_str());
  assert_int_equal(doc["counts"]["batched"].get<int>(), 1);
  assert_true(doc["dossiers"][0]["payload_bytes"].get<int>() > 22000);
  auto bad = station(f, {"queue", "--state", "lost"});
  assert_int_equal(bad.exit_code, 2);
  assert_true(contains(bad.err, "lost not in"));
}

// A technician and an officer, each with a PIN and a synthetic finger.
// Seeds whose synthetic fingers libfprint tells apart (near seeds such as 22
// and 23 can match each other: the generator's fingers are not individual enough).
constexpr std::uint64_t kTechFinger = 11, kOfficerFinger = 22, kSupervisorFinger = 55;

// The technician sets the station up and adds the first supervisor and an
// officer, whom the supervisor activates.
testing_support::OfficerDesk desk_with_officers(CliFixture& f) {
  testing_support::OfficerDesk desk(STATION_BINARY, f.config().string(), f.keys.dir.path());
  desk.add("TECH-01", "technician", "135790", kTechFinger);
  desk.add("SUP-01", "supervisor", "555555", kSupervisorFinger, "TECH-01", "135790", kTechFinger);
  desk.add("CA-0412", "officer", "246802", kOfficerFinger, "TECH-01", "135790", kTechFinger);
  desk.activate("CA-0412", "SUP-01", "555555", kSupervisorFinger);
  return desk;
}

void dossier_show_decrypts_and_keeps_images_back_unless_asked(void** state) {
  auto& f = fixture(state);
  auto desk = desk_with_officers(f);
  auto station = [&](CliFixture&, std::vector<std::string> args) {
    args.insert(args.end(), {"--as", "CA-0412"});
    return desk.run(args, "246802\n", {kOfficerFinger});
  };
  auto r = station(f, {"dossier", "show", f.sealed.substr(0, 10)});
  assert_int_equal(r.exit_code, 0);
  assert_true(contains(r.out, "Dossier " + f.sealed + " (sealed since"));
  assert_true(contains(r.out, "Full name:          Nguyễn Thị Minh Khai"));
  assert_true(contains(r.out, "Finger 6 (left thumb): wsq 800x750 500 ppi, quality 80"));
  auto plain = json::parse(station(f, {"--json", "dossier", "show", f.sealed}).out);
  assert_false(plain["face"].contains("image_base64"));
  assert_string_equal(plain["state"].get<std::string>().c_str(), "sealed");
  auto full = json::parse(station(f, {"dossier", "show", f.sealed, "--with-biometrics", "--json"}).out);
  assert_true(full["fingers"][9]["capture"]["image_base64"].get<std::string>().size() > 2000);
  RawDb raw(f.db());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'dossier.view' AND object = '" + f.sealed + "'"), 3);
  assert_string_equal(raw.text("SELECT detail FROM audit ORDER BY seq DESC LIMIT 1").c_str(), "demographics and biometrics");
  assert_string_equal(raw.text("SELECT actor FROM audit ORDER BY seq DESC LIMIT 1").c_str(), "CA-0412");
  auto missing = station(f, {"dossier", "show", "00000000-0000"});
  assert_int_equal(missing.exit_code, 4);
  assert_true(contains(missing.err, "no dossier has the id '00000000-0000'"));
}

void a_technician_cannot_read_citizen_data(void** state) {
  auto& f = fixture(state);
  auto desk = desk_with_officers(f);
  auto r = desk.run({"dossier", "show", f.sealed, "--as", "TECH-01"}, "135790\n", {kTechFinger});
  assert_int_equal(r.exit_code, 7);
  assert_true(contains(r.err, "officer TECH-01 is a technician, and a technician may not read citizen data"));
  assert_false(contains(r.out, "Nguyễn"));
  RawDb raw(f.db());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'dossier.view'"), 0);
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'permission.denied' AND actor = 'TECH-01' "
                               "AND object = '" + f.sealed + "'"), 1);
  // Nor can someone who is not logged in: no PIN, no finger, nothing shown.
  auto nobody = desk.run({"dossier", "show", f.sealed, "--as", "CA-0412"}, "", {});
  assert_int_equal(nobody.exit_code, 8);
  assert_true(contains(nobody.err, "the input ended before the PIN was given"));
  auto wrong_finger = desk.run({"dossier", "show", f.sealed, "--as", "CA-0412"}, "246802\n", {kTechFinger});
  assert_int_equal(wrong_finger.exit_code, 8);
  assert_true(contains(wrong_finger.err, "the finger does not match officer CA-0412's; 4 tries left"));
  assert_false(contains(wrong_finger.out, "Nguyễn"));
}

void audit_verify_exits_8_naming_the_first_broken_entry(void** state) {
  auto& f = fixture(state);
  auto good = station(f, {"audit", "verify"});
  assert_int_equal(good.exit_code, 0);
  assert_true(contains(good.out, "audit entries 1..30 chained, 1 signed heads verified, 0 entries since the last"));
  {
    RawDb raw(f.db());
    raw.exec("DROP TRIGGER audit_is_append_only; UPDATE audit SET detail = 'nothing happened' WHERE seq = 7");
  }
  auto broken = station(f, {"audit", "verify", "--json"});
  assert_int_equal(broken.exit_code, 8);
  assert_true(contains(broken.err, "the audit log is broken at entry 7: audit entry 7 was altered"));
  assert_int_equal(json::parse(broken.out.substr(0, broken.out.find("\n}\n") + 2))["broken"]["seq"].get<int>(), 7);
  auto without_token = station(f, {"audit", "verify", "--hashes-only"});
  assert_int_equal(without_token.exit_code, 8);
}

void store_check_reports_every_problem(void** state) {
  auto& f = fixture(state);
  auto desk = desk_with_officers(f);
  auto good = desk.run({"store", "check", "--decrypt", "--as", "CA-0412"}, "246802\n", {kOfficerFinger});
  assert_int_equal(good.exit_code, 0);
  assert_true(contains(good.out, "3 dossiers, 24 records (24 decrypted and authenticated); SQLite integrity and foreign keys ok"));
  {
    RawDb raw(f.db());
    raw.exec("DELETE FROM records WHERE dossier_id = '" + f.batched + "' AND kind = 'face'");
  }
  auto bad = station(f, {"store", "check"});
  assert_int_equal(bad.exit_code, 8);
  assert_true(contains(bad.out, "PROBLEM: dossier " + f.batched + " (batched) lacks its record 'face'"));
  assert_true(contains(bad.err, "problem(s) in the store"));
}

// Decrypting every record reads every citizen: nobody without a log-in, no
// technician, and the officer who did it is named on the audit log.
void store_check_decrypt_needs_an_officer_log_in(void** state) {
  auto& f = fixture(state);
  auto desk = desk_with_officers(f);
  auto anonymous = station(f, {"store", "check", "--decrypt"});
  assert_int_equal(anonymous.exit_code, 7);
  assert_true(contains(anonymous.err, "store check --decrypt reads every citizen's data: give --as OFFICER_ID"));
  assert_false(contains(anonymous.out, "decrypted"));
  auto tech = desk.run({"store", "check", "--decrypt", "--as", "TECH-01"}, "135790\n", {kTechFinger});
  assert_int_equal(tech.exit_code, 7);
  assert_true(contains(tech.err, "officer TECH-01 is a technician, and a technician may not read citizen data"));
  assert_false(contains(tech.out, "decrypted"));
  auto officer = desk.run({"store", "check", "--decrypt", "--as", "CA-0412"}, "246802\n", {kOfficerFinger});
  assert_int_equal(officer.exit_code, 0);
  assert_true(contains(officer.out, "24 decrypted and authenticated"));
  RawDb raw(f.db());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'permission.denied' AND actor = 'TECH-01'"), 1);
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'store.check_decrypt'"), 1);
  assert_string_equal(raw.text("SELECT actor FROM audit WHERE action = 'store.check_decrypt'").c_str(), "CA-0412");
}

}  // namespace

// The writer lock is taken before the store opens, so a schema migration
// never runs while another station command holds the store.
void a_migration_waits_for_the_store_lock(void** state) {
  auto& f = fixture(state);
  const fs::path old_db = f.keys.dir.path() / "old" / "station.db";
  fs::create_directories(old_db.parent_path());
  {
    RawDb raw(old_db);
    for (int version = 1; version < station::store::kSchemaVersion; ++version)
      raw.exec(std::string(station::store::migration_script(version)));
  }
  const fs::path config = f.keys.dir.path() / "old.toml";
  std::ofstream(config) << "[keys]\nbackend = \"file\"\nkey_dir = \"" << f.keys.key_dir().string()
                        << "\"\n[store]\npath = \"" << old_db.string() << "\"\nstation_id = \"" << kStation << "\"\n";
  std::optional<station::store::WriterLock> held;
  {
    auto taken = station::store::WriterLock::take(old_db);
    ASSERT_OK(taken);
    held.emplace(std::move(*taken));
  }
  auto busy = testing_support::run({STATION_BINARY, "--config", config.string(), "queue"});
  assert_int_equal(busy.exit_code, 10);
  assert_true(contains(busy.err, "busy: another station command is running"));
  assert_int_equal(RawDb(old_db).integer("PRAGMA user_version"), station::store::kSchemaVersion - 1);
  held.reset();
  auto ran = testing_support::run({STATION_BINARY, "--config", config.string(), "queue"});
  assert_int_equal(ran.exit_code, 0);
  assert_int_equal(RawDb(old_db).integer("PRAGMA user_version"), station::store::kSchemaVersion);
}

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(a_migration_waits_for_the_store_lock, set_up, tear_down),
      cmocka_unit_test_setup_teardown(queue_lists_pending_dossiers_without_citizen_data, set_up, tear_down),
      cmocka_unit_test_setup_teardown(dossier_show_decrypts_and_keeps_images_back_unless_asked, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_technician_cannot_read_citizen_data, set_up, tear_down),
      cmocka_unit_test_setup_teardown(audit_verify_exits_8_naming_the_first_broken_entry, set_up, tear_down),
      cmocka_unit_test_setup_teardown(store_check_reports_every_problem, set_up, tear_down),
      cmocka_unit_test_setup_teardown(store_check_decrypt_needs_an_officer_log_in, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
