// `station card personalize | verify | read` as an officer runs them, on the
// rig with the test PKI: exit codes, progress on stderr, results on stdout,
// an interruption resumed by the same command, and the refusals.
#include <regex>

#include "card_rig.hpp"
#include "cmocka.hpp"
#include "officer_desk.hpp"
#include "station/biometrics/jpeg2000.hpp"
#include "store_fixture.hpp"
#include "subprocess.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::contains;

struct Cli {
  card_rig::Fixture& f;

  testing_support::RunResult station(std::vector<std::string> args) const {
    args.insert(args.begin(), STATION_PATH);
    return testing_support::run(args,
                                {{"SOFTHSM2_CONF", (f.pki.dir() / "softhsm2.conf").string()},
                                 {"STATION_TOKEN_PIN", "123456"}},
                                std::chrono::seconds(60));
  }
  std::string dossier() const { return std::string(EXAMPLES_DIR) + "/dossier.json"; }
  std::string csca() const { return f.pki.csca_pem().string(); }
  std::string reader() const { return f.rig->reader_name(); }
  std::string dir(const char* name) const { return (f.work.path() / name).string(); }
};

void expect_exit(const testing_support::RunResult& r, int code) {
  if (r.exit_code != code) fail_msg("exit %d, wanted %d\nstdout: %s\nstderr: %s", r.exit_code, code, r.out.c_str(), r.err.c_str());
}

void expect_in(const std::string& text, const char* words) {
  if (!contains(text, words)) fail_msg("'%s' not in:\n%s", words, text.c_str());
}

// What `card read --out` saves is a citizen's: readable by the station's
// user alone, whatever the umask.
void expect_private(const std::string& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto others = fs::perms::group_all | fs::perms::others_all;
    if ((fs::status(entry.path()).permissions() & others) != fs::perms::none) {
      fail_msg("%s is readable by others", entry.path().c_str());
    }
  }
}

int setup(void** state) { return card_rig::start(state); }

void personalize_verify_and_read(void** state) {
  Cli cli{card_rig::fixture(state)};
  ASSERT_OK(card_rig::insert_blank_card(cli.f, cli.dir("a.card")));
  auto r = cli.station({"--json", "card", "personalize", "--from", cli.dossier(), "--state-dir", cli.dir("a.state"),
                        "--reader", cli.reader(), "--csca", cli.csca()});
  expect_exit(r, 0);
  expect_in(r.err, "DG2: written");
  expect_in(r.err, "read back through PACE as a citizen's reader");
  expect_in(r.out, "\"document_number\": \"089012345\"");
  expect_in(r.out, "\"IDVNM0890123456001089012345<<<\"");

  r = cli.station({"card", "verify", "--mrz", "089012345,890517,290517", "--csca", cli.csca(), "--reader", cli.reader()});
  expect_exit(r, 0);
  expect_in(r.out, "ok    EF.SOD signature");
  expect_in(r.out, "ok    certificate chain");
  expect_in(r.out, "ok    DG2 hash");
  expect_in(r.out, "ok    Chip Authentication: the chip holds DG14's private key");
  expect_in(r.out, "read through PACE + Chip Authentication");
  expect_in(r.out, "ok    Active Authentication");
  expect_in(r.out, "ok    locked");
  expect_in(r.out, "Card verified");
  expect_in(r.out, "Nguyễn Văn An");

  r = cli.station({"card", "read", "--can", "123456", "--reader", cli.reader(), "--out", cli.dir("read")});
  expect_exit(r, 0);
  expect_in(r.out, "read through PACE");
  expect_in(r.out, "Face:     150 x 200, JPEG 2000");
  assert_true(fs::exists(cli.dir("read") + "/face.pgm"));
  assert_true(fs::exists(cli.dir("read") + "/EF.SOD.bin"));
  expect_private(cli.dir("read"));

  r = cli.station({"card", "verify", "--can", "000000", "--csca", cli.csca(), "--reader", cli.reader()});
  expect_exit(r, 7);
  expect_in(r.err, "permission denied");
  ASSERT_OK(cli.f.rig->remove_card());
}

void an_interruption_is_resumed_by_the_same_command(void** state) {
  Cli cli{card_rig::fixture(state)};
  ASSERT_OK(card_rig::insert_blank_card(cli.f, cli.dir("b.card"), {"--vanish-at", "10", "--return-after-ms", "100"}));
  auto r = cli.station({"card", "personalize", "--from", cli.dossier(), "--state-dir", cli.dir("b.state"), "--reader",
                        cli.reader()});
  expect_exit(r, 0);
  expect_in(r.err, "card removed mid-way");
  expect_in(r.err, "already right on the card");
  expect_in(r.out, "(2 insertions)");
  ASSERT_OK(cli.f.rig->remove_card());
}

void refusals(void** state) {
  Cli cli{card_rig::fixture(state)};
  // The card leaves for good at command 10: the journal keeps the work.
  ASSERT_OK(card_rig::insert_blank_card(cli.f, cli.dir("c.card"), {"--vanish-at", "10"}));
  auto r = cli.station({"card", "personalize", "--from", cli.dossier(), "--state-dir", cli.dir("c.state"), "--reader",
                        cli.reader(), "--wait", "2"});
  expect_exit(r, 6);
  (void)cli.f.rig->remove_card();
  // Another holder may not take over an unfinished personalisation.
  const std::string other = cli.dir("other.json");
  std::string text;
  {
    std::ifstream in(cli.dossier());
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  text.replace(text.find("001089012345"), 12, "001089012346");
  text.replace(text.find("face.pgm"), 8, std::string(EXAMPLES_DIR) + "/face.pgm");
  std::ofstream(other) << text;
  r = cli.station({"card", "personalize", "--from", other, "--state-dir", cli.dir("c.state"), "--reader", cli.reader()});
  expect_exit(r, 8);
  expect_in(r.err, "is for holder-file:");
  expect_in(r.err, "pass --restart to abandon it");
  assert_false(contains(r.err, "089012345"));

  r = cli.station({"card", "personalize", "--dossier", "42", "--from", cli.dossier(), "--state-dir", cli.dir("d.state")});
  expect_exit(r, 8);
  expect_in(r.err, "either as a sealed dossier (--dossier ID) or as a test file (--from FILE)");
  r = cli.station({"card", "personalize", "--state-dir", cli.dir("d.state")});
  expect_exit(r, 8);
  expect_in(r.err, "either as a sealed dossier");
  std::ofstream(cli.dir("bad.json")) << "{\"can\": \"123456\", \"colour\": \"blue\"}";
  r = cli.station({"card", "personalize", "--from", cli.dir("bad.json"), "--state-dir", cli.dir("d.state")});
  expect_exit(r, 8);
  expect_in(r.err, "key 'colour': unknown key");
  r = cli.station({"card", "verify", "--csca", cli.csca()});
  expect_exit(r, 8);
  expect_in(r.err, "give the access key");
}


// A store on the PKI's token (station-rsa wraps, station-ec signs) with a
// station configuration pointing at it.
struct DossierStore {
  Cli& cli;
  std::filesystem::path db = cli.f.work.path() / "dossiers.db";
  std::filesystem::path config = cli.f.work.path() / "station.toml";
  std::unique_ptr<hal::FakeClock> clock = store_test::test_clock();

  std::unique_ptr<station::store::Store> open() {
    auto s = station::store::Store::open(store_test::options_for(db), &cli.f.pki.keys(), *clock);
    if (!s) fail_msg("store: %s", s.error().message.c_str());
    return std::move(s).value();
  }
  void write_config() {
    std::ofstream(config) << "[store]\npath = \"" << db.string() << "\"\nstation_id = \"" << store_test::kStation
                          << "\"\n[officers]\npath = \"" << db.string() << ".officers\"\npin_hash_passes = 1\npin_hash_memory_kib = 1024\n";
  }
  // The technician who set the station up, the first supervisor and an
  // officer the supervisor activated, logging in with a PIN and a synthetic
  // finger (fingers 11, 55 and 22 as in tests/store).
  testing_support::OfficerDesk desk() const {
    testing_support::OfficerDesk d(STATION_PATH, config.string(), cli.f.work.path());
    d.set_env("SOFTHSM2_CONF", (cli.f.pki.dir() / "softhsm2.conf").string());
    d.set_env("STATION_TOKEN_PIN", "123456");
    d.add("TECH-01", "technician", "135790", 11);
    d.add("SUP-01", "supervisor", "555555", 55, "TECH-01", "135790", 11);
    d.add("CA-0412", "officer", "246802", 22, "TECH-01", "135790", 11);
    d.activate("CA-0412", "SUP-01", "555555", 55);
    return d;
  }
  // A sealable dossier whose face is JPEG 2000, as the enrollment stores it.
  static station::dossier::Dossier with_card_face(station::dossier::ImageFormat format) {
    auto d = store_test::complete_dossier(200000, 7);
    auto face = card_test::synthetic_face(240, 320, 3);
    auto j2k = station::biometrics::encode_jpeg2000(face, 12000);
    if (!j2k) fail_msg("jpeg2000: %s", j2k.error().message.c_str());
    d.face->format = format;
    d.face->width = 240;
    d.face->height = 320;
    d.face->image = *j2k;
    return d;
  }
};

std::string can_in(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("Access number \\(CAN\\) to print on the card: ([0-9]{6})"))) {
    fail_msg("no CAN in:\n%s", out.c_str());
  }
  return m[1];
}

// A sealed dossier from the store becomes a card that verifies with the CAN
// the station printed, and the dossier moves to personalized; a second card
// for it, a draft, and a face the card cannot carry are refused.
void personalize_a_sealed_dossier(void** state) {
  Cli cli{card_rig::fixture(state)};
  DossierStore store{cli};
  store.write_config();
  std::string sealed, draft, png;
  {
    auto s = store.open();
    sealed = store_test::sealed_dossier(*s, DossierStore::with_card_face(station::dossier::ImageFormat::kJpeg2000));
    png = store_test::sealed_dossier(*s, DossierStore::with_card_face(station::dossier::ImageFormat::kPng));
    auto id = s->create_draft(store_test::kOfficer);
    ASSERT_OK(id);
    draft = *id;
  }
  const auto desk = store.desk();
  ASSERT_OK(card_rig::insert_blank_card(cli.f, cli.dir("e.card")));
  auto r = desk.run({"card", "personalize", "--dossier", sealed.substr(0, 12), "--as", "CA-0412", "--state-dir",
                     cli.dir("e.state"), "--reader", cli.reader(), "--csca", cli.csca()},
                    "246802\n", {22});
  expect_exit(r, 0);
  expect_in(r.out, "Personalised document");
  const std::string can = can_in(r.out);
  {
    auto s = store.open();
    auto summary = s->summary(sealed);
    ASSERT_OK(summary);
    assert_int_equal(static_cast<int>(summary->state), static_cast<int>(station::store::DossierState::kPersonalized));
  }
  r = cli.station({"card", "verify", "--can", can, "--csca", cli.csca(), "--reader", cli.reader()});
  expect_exit(r, 0);
  expect_in(r.out, "Card verified");
  expect_in(r.out, "Nguyễn Thị Minh Khai");
  ASSERT_OK(cli.f.rig->remove_card());

  const auto as_officer = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--as", "CA-0412"});
    return desk.run(args, "246802\n", {22});
  };
  r = as_officer({"card", "personalize", "--dossier", sealed, "--state-dir", cli.dir("f.state"), "--reader",
                  cli.reader(), "--wait", "1"});
  expect_exit(r, 8);
  expect_in(r.err, "is personalized; only a sealed dossier gets a card");
  r = as_officer({"card", "personalize", "--dossier", draft, "--state-dir", cli.dir("f.state"), "--wait", "1"});
  expect_exit(r, 8);
  expect_in(r.err, "is draft; only a sealed dossier gets a card");
  r = as_officer({"card", "personalize", "--dossier", png, "--state-dir", cli.dir("f.state"), "--wait", "1"});
  expect_in(r.err, "the face image is png; the card takes it as JPEG 2000");
  assert_int_not_equal(r.exit_code, 0);
  r = as_officer({"card", "personalize", "--dossier", "no-such-dossier", "--state-dir", cli.dir("f.state"), "--wait",
                  "1"});
  assert_int_not_equal(r.exit_code, 0);
  expect_in(r.err, "no-such-dossier");
}

// A sealed dossier's card shows its MRZ and CAN: nobody without a log-in and
// no technician writes it, nothing of the citizen is printed for them, and the
// card's writer is named on the audit log.
void a_dossiers_card_needs_an_officer_log_in(void** state) {
  Cli cli{card_rig::fixture(state)};
  DossierStore store{cli};
  store.db = cli.f.work.path() / "login.db";
  store.config = cli.f.work.path() / "login.toml";
  store.write_config();
  std::string sealed;
  {
    auto s = store.open();
    sealed = store_test::sealed_dossier(*s, DossierStore::with_card_face(station::dossier::ImageFormat::kJpeg2000));
  }
  const auto desk = store.desk();
  auto r = cli.station({"--config", store.config.string(), "card", "personalize", "--dossier", sealed, "--state-dir",
                        cli.dir("g.state"), "--wait", "1"});
  expect_exit(r, 7);
  expect_in(r.err, "writing a dossier's card shows its citizen data: give --as OFFICER_ID");
  r = desk.run({"card", "personalize", "--dossier", sealed, "--as", "TECH-01", "--state-dir", cli.dir("g.state"),
                "--wait", "1"},
               "135790\n", {11});
  expect_exit(r, 7);
  expect_in(r.err, "officer TECH-01 is a technician, and a technician may not personalize cards");
  assert_false(contains(r.out + r.err, "Nguy"));
  store_test::RawDb raw(store.db);
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'dossier.view'"), 0);
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'permission.denied' AND actor = 'TECH-01' "
                               "AND object = '" + sealed + "'"),
                   1);
  ASSERT_OK(card_rig::insert_blank_card(cli.f, cli.dir("g.card")));
  r = desk.run({"card", "personalize", "--dossier", sealed, "--as", "CA-0412", "--state-dir", cli.dir("g.state"),
                "--reader", cli.reader()},
               "246802\n", {22});
  expect_exit(r, 0);
  assert_string_equal(raw.text("SELECT actor FROM audit WHERE action = 'dossier.view'").c_str(), "CA-0412");
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE actor LIKE 'cli:%'"), 0);
  ASSERT_OK(cli.f.rig->remove_card());
}

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A personalisation the card left for good (exit 6), whose journal then
// says it began three hours ago; nothing of the holder is in clear on disk.
void abandon_journal(const Cli& cli, const fs::path& config, const fs::path& journal, const char* card) {
  ASSERT_OK(card_rig::insert_blank_card(cli.f, cli.dir(card), {"--vanish-at", "12"}));
  auto r = cli.station({"--config", config.string(), "card", "personalize", "--from", cli.dossier(), "--state-dir",
                        journal.string(), "--reader", cli.reader(), "--wait", "2"});
  expect_exit(r, 6);
  (void)cli.f.rig->remove_card();
  assert_true(fs::exists(journal / "image.sealed"));
  for (const auto& entry : fs::directory_iterator(journal)) {
    const std::string bytes = file_text(entry.path());
    for (const char* secret : {"089012345", "NGUYEN", "Nguy\xE1\xBB\x85n", "Ph\xE1\xBB\x91 Hu\xE1\xBA\xBF", "123456",
                               "<<VAN<AN"}) {
      if (contains(bytes, secret)) fail_msg("%s holds '%s' in clear", entry.path().c_str(), secret);
    }
  }
  std::string log = file_text(journal / "journal.log");
  const std::size_t space = log.find(' ', 6);
  const std::size_t end = log.find('\n');
  const long begun = std::stol(log.substr(space + 1, end - space - 1));
  log.replace(space + 1, end - space - 1, std::to_string(begun - 3 * 3600));
  std::ofstream(journal / "journal.log", std::ios::trunc) << log;
}

// A store whose card journals expire after 2 hours ([card]), and whose card
// waits are short.
DossierStore expiring_store(Cli& cli, const std::string& name) {
  DossierStore store{cli};
  store.db = cli.f.work.path() / (name + ".db");
  store.config = cli.f.work.path() / (name + ".toml");
  store.write_config();
  std::ofstream(store.config, std::ios::app) << "[card]\njournal_expiry_hours = 2\nwait_timeout_ms = 1000\n";
  return store;
}

// The command `r` found no card, but first deleted the abandoned journal and
// put that on the audit log in the name of `actor` (an SQL LIKE pattern).
void expect_expired(const testing_support::RunResult& r, const fs::path& journal, const DossierStore& store,
                    const std::string& actor) {
  assert_int_not_equal(r.exit_code, 0);
  expect_in(r.err, "was abandoned over 2 hours ago: deleted");
  assert_false(fs::exists(journal / "image.sealed"));
  store_test::RawDb raw(store.db);
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'card.journal_expired' AND actor LIKE '" +
                               actor + "'"),
                   1);
  const std::string detail = raw.text("SELECT detail FROM audit WHERE action = 'card.journal_expired'");
  expect_in(detail, "holder-file:");
  expect_in(detail, "journal_expiry_hours");
}

// An unfinished personalisation holds nothing of the holder in clear on disk,
// and once older than [card] journal_expiry_hours the next card command
// deletes it, after recording that on the audit log.
void an_abandoned_journal_holds_no_clear_text_and_expires(void** state) {
  Cli cli{card_rig::fixture(state)};
  const DossierStore store = expiring_store(cli, "expiry");
  const fs::path journal = cli.dir("h.state");
  abandon_journal(cli, store.config, journal, "h.card");
  auto r = cli.station({"--config", store.config.string(), "card", "personalize", "--from", cli.dossier(), "--state-dir",
                        journal.string(), "--reader", cli.reader(), "--wait", "1"});
  expect_expired(r, journal, store, "cli:%");
}

// `enroll` reaching the card step at the desk opens the journal too: an
// abandoned one is deleted there, on the audit log in the officer's name.
void enroll_at_the_desk_expires_an_abandoned_journal(void** state) {
  Cli cli{card_rig::fixture(state)};
  DossierStore store = expiring_store(cli, "enroll-expiry");
  std::string sealed;
  {
    auto s = store.open();
    sealed = store_test::sealed_dossier(*s, DossierStore::with_card_face(station::dossier::ImageFormat::kJpeg2000));
  }
  const fs::path journal = cli.dir("i.state");
  abandon_journal(cli, store.config, journal, "i.card");
  const auto desk = store.desk();
  auto r = desk.run({"enroll", "--officer", "CA-0412", "--resume", sealed, "--card-reader", cli.reader(),
                     "--card-state-dir", journal.string()},
                    "246802\n", {22});
  expect_expired(r, journal, store, "CA-0412");
  // The dossier waits for its card, untouched.
  store_test::RawDb raw(store.db);
  assert_string_equal(raw.text("SELECT state FROM dossiers WHERE id = '" + sealed + "'").c_str(), "sealed");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(personalize_verify_and_read),
      cmocka_unit_test(an_interruption_is_resumed_by_the_same_command),
      cmocka_unit_test(refusals),
      cmocka_unit_test(personalize_a_sealed_dossier),
      cmocka_unit_test(a_dossiers_card_needs_an_officer_log_in),
      cmocka_unit_test(an_abandoned_journal_holds_no_clear_text_and_expires),
      cmocka_unit_test(enroll_at_the_desk_expires_an_abandoned_journal),
  };
  return cmocka_run_group_tests(tests, setup, card_rig::stop);
}
