// `station enroll` as the officer meets it, on real components: the officer
// logs in through libfprint's virtual_image sensor (a synthetic finger played
// by officer-finger) and a PIN typed on stdin, citizens come from the
// synthetic rolled scanner, dossiers go into a real SQLite store sealed with
// key files. The station is killed at every step boundary and at random
// moments inside steps; each enrollment must resume to one whole dossier.
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <set>

#include "officer_desk.hpp"
#include "store_fixture.hpp"
#include "station/biometrics/image_io.hpp"
#include "station/workflow/face.hpp"
#include "station/workflow/synthetic_citizen.hpp"
#include "cmocka.hpp"

namespace {

using namespace store_test;
using nlohmann::json;
using testing_support::contains;
using testing_support::RunResult;
using testing_support::Touches;

// Fingers libfprint tells apart (see tests/store/store_cli_test.cpp).
constexpr std::uint64_t kTech = 11, kOfficer = 22, kSupervisor = 55;
const std::string kOfficerPin = "246802", kSupervisorPin = "555555";
// Random kills land after one of a run's first this many progress lines.
constexpr int kLatestProgressLine = 8;

struct EnrollFixture {
  StationKeys keys;
  fs::path dir() const { return keys.dir.path(); }
  fs::path db() const { return dir() / "store" / "station.db"; }
  fs::path config() const { return dir() / "station.toml"; }
  std::unique_ptr<testing_support::OfficerDesk> desk;
};

EnrollFixture& fixture(void** state) { return **reinterpret_cast<EnrollFixture**>(state); }

void write_config(const EnrollFixture& f, const std::string& capture) {
  std::ofstream(f.config()) << "[keys]\nbackend = \"file\"\nkey_dir = \"" << f.keys.key_dir().string()
                            << "\"\n[store]\npath = \"" << f.db().string() << "\"\nstation_id = \"" << kStation
                            << "\"\nmin_free_mb = 0\n[capture]\n"
                            << capture << "[officers]\npin_hash_passes = 1\npin_hash_memory_kib = 1024\n";
}

int set_up(void** state) {
  auto f = std::make_unique<EnrollFixture>();
  f->keys.write();
  write_config(*f, "");
  f->desk = std::make_unique<testing_support::OfficerDesk>(STATION_BINARY, f->config().string(), f->dir());
  // The rolled scanner waits for the station: a busy machine loses no frame,
  // so every run rolls the same prints to the same verdicts.
  f->desk->set_env("STATION_TEST_SCANNER", "lockstep");
  f->desk->add("TECH-01", "technician", "135790", kTech);
  f->desk->add("CA-0412", "officer", kOfficerPin, kOfficer, "TECH-01", "135790", kTech);
  f->desk->add("SUP-01", "supervisor", kSupervisorPin, kSupervisor, "TECH-01", "135790", kTech);
  f->desk->activate("CA-0412", "SUP-01", kSupervisorPin, kSupervisor);
  *state = f.release();
  return 0;
}

int tear_down(void** state) {
  delete &fixture(state);
  return 0;
}

RunResult enroll(EnrollFixture& f, std::vector<std::string> args, const std::string& input = kOfficerPin + "\n",
                 Touches touches = {kOfficer}, std::chrono::milliseconds timeout = std::chrono::seconds(600),
                 const testing_support::KillWhen& kill_when = {}) {
  args.insert(args.begin(), "enroll");
  return f.desk->run(args, input, touches, timeout, kill_when);
}

json queue(EnrollFixture& f) {
  auto r = f.desk->run({"--json", "queue", "--state", "all"}, "", {});
  if (r.exit_code != 0) fail_msg("queue exited %d: %s", r.exit_code, r.err.c_str());
  return json::parse(r.out)["dossiers"];
}

std::vector<std::string> ids_in(EnrollFixture& f, const std::string& state) {
  std::vector<std::string> out;
  for (const auto& d : queue(f)) {
    if (state.empty() || d["state"] == state) out.push_back(d["id"].get<std::string>());
  }
  return out;
}

json show(EnrollFixture& f, const std::string& id) {
  auto r = f.desk->run({"--json", "dossier", "show", id, "--as", "CA-0412"}, kOfficerPin + "\n", {kOfficer});
  if (r.exit_code != 0) fail_msg("dossier show exited %d: %s", r.exit_code, r.err.c_str());
  return json::parse(r.out);
}

// One whole dossier: demographics of citizen `seed`, a face, ten fingers,
// each finger stored once (record version 1: never captured twice).
void expect_whole(EnrollFixture& f, const std::string& id, std::uint64_t seed) {
  auto d = show(f, id);
  assert_string_equal(d["state"].get<std::string>().c_str(), "sealed");
  const auto expected = station::workflow::synthetic_demographics(seed);
  assert_string_equal(d["demographics"]["full_name"].get<std::string>().c_str(), expected.full_name.c_str());
  assert_string_equal(d["demographics"]["personal_id"].get<std::string>().c_str(), expected.personal_id.c_str());
  assert_false(d["face"].is_null());
  assert_int_equal(d["fingers"].size(), 10);
  for (const auto& finger : d["fingers"]) {
    if (finger["status"] != "captured") fail_msg("finger %d is %s", finger["position"].get<int>(), finger["status"].dump().c_str());
  }
  RawDb raw(f.db());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM records WHERE dossier_id = '" + id + "' AND kind LIKE 'finger.%'"), 10);
  assert_int_equal(raw.integer("SELECT MAX(version) FROM records WHERE dossier_id = '" + id + "'"), 1);
}

void expect_store_intact(EnrollFixture& f) {
  auto check = f.desk->run({"store", "check", "--decrypt", "--as", "CA-0412"}, kOfficerPin + "\n", {kOfficer});
  if (check.exit_code != 0) fail_msg("store check: %s%s", check.out.c_str(), check.err.c_str());
}

void the_wrong_people_cannot_enroll(void** state) {
  auto& f = fixture(state);
  auto tech = enroll(f, {"--synthetic", "5", "--officer", "TECH-01"}, "135790\n", {kTech});
  assert_int_equal(tech.exit_code, 7);
  assert_true(contains(tech.err, "a technician may not enroll citizens"));
  auto stranger = enroll(f, {"--synthetic", "5", "--officer", "CA-0412"}, kOfficerPin + "\n", {kSupervisor});
  assert_int_equal(stranger.exit_code, 8);
  assert_true(contains(stranger.err, "the finger does not match officer CA-0412's"));
  auto unknown = enroll(f, {"--synthetic", "5", "--officer", "CA-9999"}, kOfficerPin + "\n", {kOfficer});
  assert_int_equal(unknown.exit_code, 4);
  assert_true(contains(unknown.err, "there is no officer 'CA-9999' on this station"));
  assert_int_equal(queue(f).size(), 0);
}

void five_wrong_pins_lock_the_officer_out_until_a_supervisor_unlocks(void** state) {
  auto& f = fixture(state);
  auto r = enroll(f, {"--synthetic", "5", "--officer", "CA-0412"}, "111111\n222222\n333333\n444444\n555556\n246802\n",
                  {kOfficer});
  assert_int_equal(r.exit_code, 7);
  assert_true(contains(r.err, "wrong PIN; 4 tries left"));
  assert_true(contains(r.err, "wrong PIN; 1 try left"));
  assert_true(contains(r.err, "officer CA-0412 is now locked out until"));
  // Locked: the right PIN and finger are refused too.
  auto locked = enroll(f, {"--synthetic", "5", "--officer", "CA-0412"});
  assert_int_equal(locked.exit_code, 7);
  assert_true(contains(locked.err, "officer CA-0412 is locked out until"));
  // An officer cannot lift it; a supervisor can.
  auto peer = f.desk->run({"officers", "unlock", "CA-0412", "--as", "CA-0412"}, kOfficerPin + "\n", {kOfficer});
  assert_int_equal(peer.exit_code, 7);
  auto unlock = f.desk->run({"officers", "unlock", "CA-0412", "--as", "SUP-01"}, kSupervisorPin + "\n", {kSupervisor});
  if (unlock.exit_code != 0) fail_msg("unlock: %s", unlock.err.c_str());
  RawDb raw(f.db());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'officer.login_failed' AND object = 'CA-0412'"), 5);
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'officer.locked' AND object = 'CA-0412'"), 1);
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'officer.unlock' AND actor = 'SUP-01'"), 1);
  auto list = f.desk->run({"officers", "list"}, "", {});
  assert_false(contains(list.out, "LOCKED"));
}

// Every step boundary: one enrollment killed right after each step is
// stored, and resumed each time, to the end.
void killed_at_every_step_boundary_it_resumes(void** state) {
  auto& f = fixture(state);
  std::string id;
  for (const char* step : {"begin", "demographics", "face", "fingers", "review"}) {
    f.desk->set_env("STATION_TEST_KILL_AT", step);
    std::vector<std::string> args{"--synthetic", "5", "--officer", "CA-0412"};
    if (!id.empty()) args.insert(args.end(), {"--resume", id});
    auto killed = enroll(f, args);
    if (killed.exit_code != -1) fail_msg("not killed after %s: exit %d\n%s", step, killed.exit_code, killed.err.c_str());
    const auto all = ids_in(f, "");
    if (all.size() != 1) fail_msg("after a kill at %s there are %zu dossiers, not one", step, all.size());
    id = all[0];
    std::printf("killed after %-12s -> dossier %s is %s\n", step, id.c_str(), queue(f)[0]["state"].dump().c_str());
  }
  f.desk->set_env("STATION_TEST_KILL_AT", "");
  // Sealed before the last kill: resuming says so and changes nothing.
  auto resumed = enroll(f, {"--synthetic", "5", "--officer", "CA-0412", "--resume", id});
  if (resumed.exit_code != 0) fail_msg("resume exited %d:\n%s", resumed.exit_code, resumed.err.c_str());
  assert_true(contains(resumed.out, "Dossier " + id + " was already sealed; nothing is left to do at the desk."));
  expect_whole(f, id, 5);
  RawDb raw(f.db());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'draft.create'"), 1);
  expect_store_intact(f);
}

// Going on with a draft shows what it holds: the one who resumes it is on
// the audit log as its viewer, whoever began it, before anything is shown.
void resuming_a_draft_is_audited_in_the_resuming_officers_name(void** state) {
  auto& f = fixture(state);
  f.desk->set_env("STATION_TEST_KILL_AT", "demographics");
  auto killed = enroll(f, {"--synthetic", "5", "--officer", "CA-0412"});
  f.desk->set_env("STATION_TEST_KILL_AT", "");
  assert_int_equal(killed.exit_code, -1);
  const auto id = ids_in(f, "draft").at(0);
  auto tech = enroll(f, {"--synthetic", "5", "--officer", "TECH-01", "--resume", id}, "135790\n", {kTech});
  assert_int_equal(tech.exit_code, 7);
  // Stopped after the face: what matters happened before the first step.
  f.desk->set_env("STATION_TEST_KILL_AT", "face");
  auto resumed = enroll(f, {"--synthetic", "5", "--officer", "SUP-01", "--resume", id}, kSupervisorPin + "\n",
                        {kSupervisor});
  f.desk->set_env("STATION_TEST_KILL_AT", "");
  if (resumed.exit_code != -1) fail_msg("resume exited %d:\n%s", resumed.exit_code, resumed.err.c_str());
  RawDb raw(f.db());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'dossier.view' AND object = '" + id + "'"), 1);
  assert_string_equal(raw.text("SELECT actor FROM audit WHERE action = 'dossier.view' AND object = '" + id + "'").c_str(),
                      "SUP-01");
  assert_string_equal(raw.text("SELECT detail FROM audit WHERE action = 'dossier.view' AND object = '" + id + "'").c_str(),
                      "the draft begun by officer CA-0412, to resume its enrollment");
}

// The lines by which `enroll` shows its progress on stderr: each step as it
// begins, each finger as it is presented, each roll's verdict.
bool progress_line(const std::string& line) {
  return line.starts_with("Step: ") || line.starts_with("  roll finger ") || line.starts_with("    ");
}

// Where a run stands at its k-th progress line ("start of STEP" or "STEP:
// LINE"), or empty while it has printed fewer.
std::string kth_progress(const std::string& err, int k) {
  std::string step;
  std::size_t begin = 0;
  for (std::size_t end = err.find('\n'); end != std::string::npos; begin = end + 1, end = err.find('\n', begin)) {
    const std::string line = err.substr(begin, end - begin);
    if (!progress_line(line)) continue;
    const bool step_line = line.starts_with("Step: ");
    if (step_line) step = line.substr(6);
    if (--k == 0) return step_line ? "start of " + step : step + ": " + line.substr(line.find_first_not_of(' '));
  }
  return "";
}

// After a kill: every record stored before it is still there, and a resume
// never stored again what an earlier run had (each record is version 1).
void expect_kept_and_not_redone(EnrollFixture& f, int round, long long& stored) {
  RawDb raw(f.db());
  const long long now = raw.integer("SELECT COUNT(*) FROM records");
  if (now < stored) fail_msg("round %d: %lld records stored before, %lld after the kill", round, stored, now);
  stored = now;
  if (raw.integer("SELECT COALESCE(MAX(version), 0) FROM records") > 1) {
    fail_msg("round %d: a resumed run stored again a record an earlier run had stored", round);
  }
}

// Random moments, placed by progress: each run is killed (SIGKILL) once it has
// shown its k-th progress line, k drawn from the seed, and whatever draft is
// there is resumed, until the enrollment finishes. The kill lands wherever the
// station got to after that line: inside a step, a roll or a store write. A
// loaded machine plays the same rounds, only more slowly. STATION_KILL_SEED
// replays a run.
void killed_at_random_moments_it_resumes(void** state) {
  auto& f = fixture(state);
  const char* given = std::getenv("STATION_KILL_SEED");
  const unsigned seed = given ? static_cast<unsigned>(std::strtoul(given, nullptr, 10)) : std::random_device{}();
  std::printf("STATION_KILL_SEED=%u\n", seed);
  std::mt19937 random(seed);
  std::vector<std::string> places;
  long long stored = 0;
  bool finished = false;
  for (int round = 0; round < 40 && !finished; ++round) {
    const auto drafts = ids_in(f, "draft");
    if (drafts.size() > 1) fail_msg("round %d: %zu drafts, one enrollment was duplicated", round, drafts.size());
    std::vector<std::string> args{"--synthetic", "8", "--officer", "CA-0412"};
    if (!drafts.empty()) args.insert(args.end(), {"--resume", drafts[0]});
    const int k = std::uniform_int_distribution<int>(1, kLatestProgressLine)(random);
    std::string place;
    auto r = enroll(f, args, kOfficerPin + "\n", {kOfficer}, std::chrono::seconds(600), [&](const RunResult& so_far) {
      place = kth_progress(so_far.err, k);
      return !place.empty();
    });
    if (r.killed) {
      std::printf("round %2d: killed after progress line %d (%s)\n", round, k, place.c_str());
      places.push_back(place);
      expect_kept_and_not_redone(f, round, stored);
      continue;
    }
    if (r.exit_code != 0) fail_msg("round %d exited %d:\n%s", round, r.exit_code, r.err.c_str());
    finished = true;
  }
  const std::set<std::string> distinct(places.begin(), places.end());
  std::printf("%zu kills at %zu places before the enrollment finished\n", places.size(), distinct.size());
  if (!finished) fail_msg("the enrollment did not finish in 40 rounds");
  if (places.size() < 3 || distinct.size() < 3) fail_msg("the kills did not spread over the enrollment");
  const auto all = ids_in(f, "");
  assert_int_equal(all.size(), 1);
  expect_whole(f, all[0], 8);
  expect_store_intact(f);
}

// Every finger below the bar after one roll: each needs a supervisor.
void exceptions_need_another_supervisor(void** state) {
  auto& f = fixture(state);
  write_config(f, "max_attempts = 1\nmin_quality = 99\n");
  auto none = enroll(f, {"--synthetic", "5", "--officer", "CA-0412"});
  assert_int_equal(none.exit_code, 8);
  assert_true(contains(none.err, "need a supervisor's approval: run again with --resume"));
  const auto id = ids_in(f, "draft").at(0);
  // An officer is not a supervisor.
  auto officer = enroll(f, {"--synthetic", "5", "--officer", "CA-0412", "--resume", id, "--supervisor", "CA-0412"});
  assert_int_equal(officer.exit_code, 7);
  assert_true(contains(officer.err, "officer CA-0412 enrolled this dossier and cannot approve its exceptions"));
  // A supervisor who enrolls cannot approve their own exceptions either.
  auto own = enroll(f, {"--synthetic", "6", "--officer", "SUP-01", "--supervisor", "SUP-01"}, kSupervisorPin + "\n",
                    {kSupervisor});
  assert_int_equal(own.exit_code, 7);
  assert_true(contains(own.err, "officer SUP-01 enrolled this dossier and cannot approve its exceptions"));
  auto approved = enroll(f, {"--synthetic", "5", "--officer", "CA-0412", "--resume", id, "--supervisor", "SUP-01"},
                         kOfficerPin + "\n" + kSupervisorPin + "\n", {kOfficer, 1, kSupervisor});
  if (approved.exit_code != 0) fail_msg("approved enrollment exited %d:\n%s", approved.exit_code, approved.err.c_str());
  auto d = show(f, id);
  assert_string_equal(d["supervisor_id"].get<std::string>().c_str(), "SUP-01");
  assert_string_equal(d["officer_id"].get<std::string>().c_str(), "CA-0412");
  RawDb raw(f.db());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'approval.refused'"), 2);
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'dossier.supervisor' AND object = '" + id +
                               "' AND detail LIKE '%SUP-01%'"),
                   1);
}

void write_face(const fs::path& path) {
  auto face = station::workflow::synthetic_face(3);
  hal::Bytes grey;
  for (std::size_t i = 0; i < face.pixels.size(); i += face.channels) grey.push_back(face.pixels[i]);
  auto image = station::biometrics::GreyImage::from_pixels(face.width, face.height, grey);
  ASSERT_OK(image);
  ASSERT_OK(station::biometrics::write_file(path, station::biometrics::encode_pgm(*image)));
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Each bad answer gets its own message and the same question again.
void every_prompt_says_what_is_wrong_and_asks_again(void** state) {
  auto& f = fixture(state);
  const fs::path face = f.dir() / "face.pgm";
  write_face(face);
  const std::vector<std::string> answers{
      "12345",  "246802",                               // PIN: malformed, then right
      "",       "Nguyễn Văn An",                        // full name: empty
      "17/05/1989", "1989-05-17",                       // date of birth: not ISO
      "X",      "M",                                    // sex
      "Kinh",   "",                                     // ethnicity, religion (none)
      "Xã Đông Anh, Huyện Đông Anh, Hà Nội",            // origin
      "Số 12 Phố Huế, Hà Nội",                          // residence
      "12345",  "001089012345",                         // personal id: too short
      "Nguyễn Văn Bình", "Trần Thị Cúc",                // parents
      (f.dir() / "missing.png").string(), face.string(),  // face: no such file
      "maybe",  "y"};                                   // seal?
  std::string input;
  for (const auto& a : answers) input += a + "\n";
  auto r = enroll(f, {"--officer", "CA-0412"}, input);
  if (r.exit_code != 0) fail_msg("interactive enroll exited %d:\n%s", r.exit_code, r.err.c_str());
  assert_true(contains(r.err, "  PIN: a PIN is 6 to 12 digits"));
  assert_true(contains(r.err, "  full_name: "));
  assert_true(contains(r.err, "  date_of_birth: "));
  assert_true(contains(r.err, "  sex: "));
  assert_true(contains(r.err, "  personal_id: "));
  assert_true(contains(r.err, "  face: "));
  assert_true(contains(r.err, "  answer y or n"));
  for (const char* question : {"Full name (as on the birth record): ", "Date of birth (YYYY, YYYY-MM or YYYY-MM-DD): ",
                               "Sex (M/F): ", "Personal ID number (12 digits): ", "Face photo file",
                               "Seal this dossier? [y/n]: "}) {
    if (count(r.err, question) != 2) fail_msg("'%s' was asked %zu times, not twice", question, count(r.err, question));
  }
  auto sealed = ids_in(f, "sealed");
  assert_int_equal(sealed.size(), 1);
  assert_true(contains(r.err, "Logged in: Officer CA-0412 (CA-0412, officer)"));
  assert_true(contains(r.out, "Dossier " + sealed[0] + " is sealed and queued for sync."));
  assert_true(contains(r.err, "Peak resident memory of this enrollment: "));
  RawDb raw(f.db());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE object = '" + sealed[0] + "' AND actor <> 'CA-0412'"), 0);
  auto d = show(f, sealed[0]);
  assert_string_equal(d["demographics"]["full_name"].get<std::string>().c_str(), "Nguyễn Văn An");
  assert_string_equal(d["demographics"]["personal_id"].get<std::string>().c_str(), "001089012345");
}

// Left alone past [officers] idle_lock_s, the session locks; the officer
// logs in again and the same enrollment goes on.
void an_idle_session_locks_and_the_officer_logs_in_again(void** state) {
  auto& f = fixture(state);
  std::ofstream(f.config(), std::ios::app) << "idle_lock_s = 1\n";
  std::string pins;
  for (int i = 0; i < 40; ++i) pins += kOfficerPin + "\n";
  auto r = enroll(f, {"--synthetic", "5", "--officer", "CA-0412"}, pins);
  if (r.exit_code != 0) fail_msg("enroll exited %d:\n%s", r.exit_code, r.err.c_str());
  assert_true(contains(r.err, "The station locked itself after 1 s without activity. Officer CA-0412, log in again"));
  RawDb raw(f.db());
  const auto locks = raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'session.idle_lock' AND actor = 'CA-0412'");
  assert_true(locks >= 1);
  assert_true(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'officer.login' AND actor = 'CA-0412'") >= locks + 1);
  std::printf("%lld idle locks during one enrollment, each followed by a log-in\n", static_cast<long long>(locks));
  expect_whole(f, ids_in(f, "sealed").at(0), 5);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(the_wrong_people_cannot_enroll, set_up, tear_down),
      cmocka_unit_test_setup_teardown(five_wrong_pins_lock_the_officer_out_until_a_supervisor_unlocks, set_up, tear_down),
      cmocka_unit_test_setup_teardown(resuming_a_draft_is_audited_in_the_resuming_officers_name, set_up, tear_down),
      cmocka_unit_test_setup_teardown(killed_at_every_step_boundary_it_resumes, set_up, tear_down),
      cmocka_unit_test_setup_teardown(killed_at_random_moments_it_resumes, set_up, tear_down),
      cmocka_unit_test_setup_teardown(exceptions_need_another_supervisor, set_up, tear_down),
      cmocka_unit_test_setup_teardown(every_prompt_says_what_is_wrong_and_asks_again, set_up, tear_down),
      cmocka_unit_test_setup_teardown(an_idle_session_locks_and_the_officer_logs_in_again, set_up, tear_down),
  };
  // CTest runs the kill tests and the rest as two tests, side by side. A
  // filter that names no test would make either run nothing and pass.
  for (const char* variable : {"STATION_TEST_ONLY", "STATION_TEST_SKIP"}) {
    const char* pattern = std::getenv(variable);
    if (pattern && !testing_support::matches_any(tests, pattern)) {
      std::fprintf(stderr, "%s='%s' matches none of this program's tests\n", variable, pattern);
      return 1;
    }
  }
  if (const char* only = std::getenv("STATION_TEST_ONLY")) cmocka_set_test_filter(only);
  if (const char* skip = std::getenv("STATION_TEST_SKIP")) cmocka_set_skip_filter(skip);
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
