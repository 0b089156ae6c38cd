// Personalisation on the rig: pcscd with vpcd and card-sim, through the PC/SC
// driver. Each card is read back as a citizen's reader would and its EF.SOD
// checked by the openssl tool; the bad cards (one that lies about its file
// sizes, one that is full) fail with the reason and never pass Passive
// Authentication.
#include "card_rig.hpp"
#include "station/card/card_files.hpp"
#include "station/card/card_reader.hpp"
#include "station/card/personalizer.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card;
namespace fs = std::filesystem;

struct Run {
  hal::Result<PersonalizeReport> report;
  card_rig::SavedCard card;
};

// Inserts a blank card with `card_args`, personalises it, and removes it.
Run personalize(card_rig::Fixture& f, const std::string& name, std::vector<std::string> card_args = {}) {
  const fs::path state = f.work.path() / (name + ".card");
  // A test that failed half-way may have left its card in.
  if (f.rig->card_process_running()) (void)f.rig->remove_card();
  const hal::Status inserted = card_rig::insert_blank_card(f, state, std::move(card_args));
  if (!inserted.ok()) fail_msg("%s", inserted.error().describe().c_str());
  auto journal = Journal::open(f.work.path() / (name + ".journal"), card_rig::journal_key(f));
  ResumeOptions options;
  options.reader = f.rig->reader_name();
  Run run{personalize_with_resume(*f.terminal, f.image, *journal, options, [](const std::string&) {}), {}};
  (void)f.terminal->disconnect(hal::Disposition::kLeave);
  run.card = card_rig::load_saved_card(state);
  return run;
}

void expect_valid_card(card_rig::Fixture& f, const Run& run) {
  ASSERT_OK(run.report);
  assert_true(run.card.locked);
  auto pa = card_rig::passive_authentication_of(f, run.card);
  if (!pa.passed()) fail_msg("%s", pa.first_failure().c_str());
}

int setup(void** state) { return card_rig::start(state); }

void extended_length_card(void** state) {
  card_rig::Fixture& f = card_rig::fixture(state);
  Run run = personalize(f, "extended");
  expect_valid_card(f, run);
  print_message("extended length: %zu APDUs, %zu bytes of files\n", run.report->apdus, f.image.total_file_bytes());

  // Read back as a citizen's reader with the CAN; openssl checks EF.SOD over
  // what came back.
  ASSERT_OK(f.rig->remove_card());
  ASSERT_OK(f.rig->insert_card({"--state", (f.work.path() / "extended.card").string()}));
  ASSERT_OK(f.terminal->connect(f.rig->reader_name()));
  auto opened = open_as_reader(*f.terminal, access::AccessKey::from_can("123456").value());
  ASSERT_OK(opened);
  assert_string_equal(opened->channel->method().c_str(), "PACE");
  auto files = read_lds(*opened->channel);
  ASSERT_OK(files);
  assert_int_equal(files->size(), 7);
  std::map<int, hal::Bytes> groups;
  hal::Bytes sod;
  for (const auto& file : *files) {
    if (info(file.file).data_group) groups[info(file.file).data_group] = file.content;
    if (file.file == LdsFile::kSod) sod = file.content;
  }
  assert_true(card_rig::openssl_verifies_sod(f.work.path() / "openssl", f.pki.csca_pem(), sod, groups));

  // Locked: a plain write is refused, and personalising again only checks.
  ASSERT_OK(f.terminal->connect(f.rig->reader_name()));
  auto update = f.terminal->transmit({0x00, 0xD6, 0x00, 0x00, {0x00}, std::nullopt});
  ASSERT_OK(update);
  assert_int_equal(update->sw, 0x6985);
  auto journal = Journal::open(f.work.path() / "again.journal", card_rig::journal_key(f));
  auto again = personalize_with_resume(*f.terminal, f.image, *journal, {f.rig->reader_name()}, [](const std::string&) {});
  ASSERT_OK(again);
  assert_true(again->already_locked);
  (void)f.terminal->disconnect(hal::Disposition::kLeave);
  ASSERT_OK(f.rig->remove_card());
}

void short_apdus_card(void** state) {
  card_rig::Fixture& f = card_rig::fixture(state);
  Run run = personalize(f, "short", {"--no-extended"});
  // The terminal was told 32 KB: with a card that refuses extended length the
  // first long command gets 6700, which names the command.
  assert_false(run.report.ok());
  assert_non_null(strstr(run.report.error().message.c_str(), "6700"));
  ASSERT_OK(f.rig->remove_card());

  drivers::PcscOptions options;
  options.max_apdu_data = 0;  // probe: the card refuses extended length, so short APDUs
  f.terminal = std::make_unique<drivers::PcscCardTerminal>(options);
  run = personalize(f, "short-probed", {"--no-extended"});
  expect_valid_card(f, run);
  print_message("short APDUs: %zu APDUs\n", run.report->apdus);
  ASSERT_OK(f.rig->remove_card());
}

void t0_card(void** state) {
  card_rig::Fixture& f = card_rig::fixture(state);
  Run run = personalize(f, "t0", {"--t0"});
  expect_valid_card(f, run);
  print_message("T=0: %zu APDUs (GET RESPONSE rounds not counted)\n", run.report->apdus);
  ASSERT_OK(f.rig->remove_card());
}

void expect_not_valid(card_rig::Fixture& f, const card_rig::SavedCard& card) {
  assert_false(card.locked);
  assert_false(card_rig::passive_authentication_of(f, card).passed());
}

void a_card_that_lies_about_its_sizes(void** state) {
  card_rig::Fixture& f = card_rig::fixture(state);
  Run run = personalize(f, "liar", {"--shrink-files", "8"});
  assert_false(run.report.ok());
  assert_int_equal(run.report.error().code, hal::ErrorCode::kCardStatus);
  assert_non_null(strstr(run.report.error().message.c_str(), "UPDATE BINARY of EF.CardAccess"));
  expect_not_valid(f, run.card);
  ASSERT_OK(f.rig->remove_card());
}

void a_full_card(void** state) {
  card_rig::Fixture& f = card_rig::fixture(state);
  Run run = personalize(f, "full", {"--memory", "8000"});
  assert_false(run.report.ok());
  assert_non_null(strstr(run.report.error().message.c_str(), "6A84 not enough memory space in the file to CREATE FILE DG2"));
  expect_not_valid(f, run.card);
  ASSERT_OK(f.rig->remove_card());
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(extended_length_card),
      cmocka_unit_test(short_apdus_card),
      cmocka_unit_test(t0_card),
      cmocka_unit_test(a_card_that_lies_about_its_sizes),
      cmocka_unit_test(a_full_card),
  };
  return cmocka_run_group_tests(tests, setup, card_rig::stop);
}
