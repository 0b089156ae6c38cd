// `station officers` as a technician and a supervisor set a station up, on
// real components: officers log in through libfprint's virtual_image sensor
// (officer-finger plays the finger) with the PIN on stdin, the registry and
// the dossier store are real SQLite files, the store's keys are key files.
#include <sys/stat.h>

#include <fstream>

#include "officer_desk.hpp"
#include "store_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace store_test;
using testing_support::contains;

constexpr std::uint64_t kTech = 11, kOfficer = 22, kSupervisor = 55, kOther = 77;
const std::string kTechPin = "135790", kOfficerPin = "246802", kSupervisorPin = "555555";

struct Fixture {
  StationKeys keys;
  fs::path dir() const { return keys.dir.path(); }
  fs::path db() const { return dir() / "store" / "station.db"; }
  fs::path officers() const { return dir() / "accounts" / "officers.db"; }
  std::unique_ptr<testing_support::OfficerDesk> desk;

  // A configuration of this station with its officer registry at `officers`.
  fs::path config(const std::string& name, const fs::path& officers) const {
    const fs::path path = dir() / name;
    std::ofstream(path) << "[keys]\nbackend = \"file\"\nkey_dir = \"" << keys.key_dir().string() << "\"\n[store]\npath = \""
                        << db().string() << "\"\nstation_id = \"" << kStation << "\"\nmin_free_mb = 0\n[officers]\npath = \""
                        << officers.string() << "\"\npin_hash_passes = 1\npin_hash_memory_kib = 1024\n";
    return path;
  }
};

Fixture& fixture(void** state) { return **reinterpret_cast<Fixture**>(state); }

int set_up(void** state) {
  auto f = std::make_unique<Fixture>();
  f->keys.write();
  f->desk = std::make_unique<testing_support::OfficerDesk>(STATION_BINARY, f->config("station.toml", f->officers()).string(),
                                                           f->dir());
  *state = f.release();
  return 0;
}

int tear_down(void** state) {
  delete &fixture(state);
  return 0;
}

unsigned mode_of(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) fail_msg("%s is missing", path.c_str());
  return st.st_mode & 0777;
}

std::int64_t audit_count(Fixture& f, const std::string& where) {
  RawDb raw(f.db());
  return raw.integer("SELECT COUNT(*) FROM audit WHERE " + where);
}

// PIN hashes and fingers: the station user's alone, from the first account on.
void the_officer_registry_is_private_to_the_station_user(void** state) {
  auto& f = fixture(state);
  f.desk->add("TECH-01", "technician", kTechPin, kTech);
  assert_int_equal(mode_of(f.officers().parent_path()), 0700);
  assert_int_equal(mode_of(f.officers()), 0600);
  const fs::path wal = f.officers().string() + "-wal";
  if (fs::exists(wal)) assert_int_equal(mode_of(wal), 0600);
}

// A technician cannot give themselves (or anyone) access to citizen data: the
// accounts they make log in only once a supervisor has activated them, and
// activating is the supervisor's alone. Only the first supervisor starts active.
void an_account_a_technician_makes_waits_for_a_supervisor(void** state) {
  auto& f = fixture(state);
  f.desk->add("TECH-01", "technician", kTechPin, kTech);
  f.desk->add("SUP-01", "supervisor", kSupervisorPin, kSupervisor, "TECH-01", kTechPin, kTech);
  f.desk->add("CA-0412", "officer", kOfficerPin, kOfficer, "TECH-01", kTechPin, kTech);
  auto early = f.desk->run({"enroll", "--synthetic", "5", "--officer", "CA-0412"}, kOfficerPin + "\n", {kOfficer});
  assert_int_equal(early.exit_code, 7);
  assert_true(contains(early.err, "officer CA-0412's account is not active yet: a supervisor activates it"));
  assert_int_equal(audit_count(f, "action = 'draft.create'"), 0);
  auto by_tech = f.desk->run({"officers", "activate", "CA-0412", "--as", "TECH-01"}, kTechPin + "\n", {kTech});
  assert_int_equal(by_tech.exit_code, 7);
  assert_true(contains(by_tech.err, "a technician may not activate officer accounts"));
  f.desk->activate("CA-0412", "SUP-01", kSupervisorPin, kSupervisor);
  assert_int_equal(audit_count(f, "action = 'officer.activate' AND actor = 'SUP-01' AND object = 'CA-0412'"), 1);
  auto list = f.desk->run({"officers", "list"}, "", {});
  assert_false(contains(list.out, "INACTIVE"));
  // A second supervisor, say the technician themselves, waits like anyone.
  f.desk->add("SUP-02", "supervisor", "777777", kOther, "TECH-01", kTechPin, kTech);
  list = f.desk->run({"officers", "list"}, "", {});
  assert_true(contains(list.out, "SUP-02  supervisor  Officer SUP-02  INACTIVE"));
  auto again = f.desk->run({"officers", "activate", "CA-0412", "--as", "SUP-01"}, kSupervisorPin + "\n", {kSupervisor});
  assert_int_equal(again.exit_code, 8);
  assert_true(contains(again.err, "officer CA-0412 is active already"));
}

// Once set up, the station never again takes a log-in-free "first" account:
// not from an empty officers file given with --config, nor after the file
// was deleted.
void a_first_account_needs_a_station_never_set_up(void** state) {
  auto& f = fixture(state);
  auto officer_first = f.desk->run({"officers", "add", "CA-0412", "--name", "X", "--role", "officer"}, "", {});
  assert_int_equal(officer_first.exit_code, 8);
  assert_true(contains(officer_first.err, "the first must be the technician setting it up"));
  f.desk->add("TECH-01", "technician", kTechPin, kTech);
  const fs::path empty = f.dir() / "elsewhere" / "officers.db";
  testing_support::OfficerDesk other(STATION_BINARY, f.config("other.toml", empty).string(), f.dir());
  auto reset = other.run({"officers", "add", "TECH-66", "--name", "X", "--role", "technician"},
                         "666666\n666666\n", {kOther, 5, 0});
  assert_int_equal(reset.exit_code, 7);
  assert_true(contains(reset.err, "this station was set up already"));
  auto none = other.run({"officers", "list"}, "", {});
  assert_true(contains(none.out, "0 account(s)"));
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(f.officers().string() + suffix);
  reset = f.desk->run({"officers", "add", "TECH-66", "--name", "X", "--role", "technician"}, "666666\n666666\n",
                      {kOther, 5, 0});
  assert_int_equal(reset.exit_code, 7);
  assert_int_equal(audit_count(f, "action = 'officer.add' AND object = 'TECH-66'"), 0);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(the_officer_registry_is_private_to_the_station_user, set_up, tear_down),
      cmocka_unit_test_setup_teardown(an_account_a_technician_makes_waits_for_a_supervisor, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_first_account_needs_a_station_never_set_up, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
