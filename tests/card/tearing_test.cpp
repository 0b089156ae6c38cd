// Tearing (card.md): for every command k of a whole personalisation the card
// vanishes on receiving command k (card-sim --vanish-at k) and comes back
// 100 ms later with what it had committed; the station resumes from its
// journal. Every resume must succeed and give byte for byte the card an
// uninterrupted run makes (card-sim's saved state compared as text), and at
// the moment of the pull the card may pass Passive Authentication only if it
// already holds everything the image holds. Extended length is swept over
// every k; short APDUs (five times the commands) over a spread sample.
//
// Usage: rig_card_tearing [STRIDE_SHORT]   (default 12: every 12th command)
#include <cstdlib>

#include "card_rig.hpp"
#include "station/card/personalizer.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card;
namespace fs = std::filesystem;

std::size_t short_stride = 12;

struct Outcome {
  bool valid_when_pulled = false;
};

const Progress kQuiet = [](const std::string&) {};

// card-sim switches of the sweep's cards.
std::vector<std::string> card_switches;

card_rig::SavedCard reference_card(card_rig::Fixture& f, const std::string& name, std::size_t& apdus) {
  const fs::path state = f.work.path() / (name + ".card");
  if (!card_rig::insert_blank_card(f, state, card_switches).ok()) fail_msg("cannot insert the reference card");
  auto journal = Journal::open(f.work.path() / (name + ".journal"), card_rig::journal_key(f));
  auto report = personalize_with_resume(*f.terminal, f.image, *journal, {f.rig->reader_name()}, kQuiet);
  if (!report) fail_msg("reference run: %s", report.error().describe().c_str());
  apdus = report->apdus;
  (void)f.rig->remove_card();
  return card_rig::load_saved_card(state);
}

// The card pulled at command k, then put back and finished.
Outcome pull_at(card_rig::Fixture& f, const std::string& name, std::size_t k, const card_rig::SavedCard& reference) {
  const fs::path state = f.work.path() / (name + "-" + std::to_string(k) + ".card");
  std::vector<std::string> args = card_switches;
  args.insert(args.end(), {"--vanish-at", std::to_string(k), "--return-after-ms", "100"});
  const hal::Status inserted = card_rig::insert_blank_card(f, state, args);
  if (!inserted.ok()) fail_msg("k=%zu: %s", k, inserted.error().describe().c_str());
  auto journal =
      Journal::open(f.work.path() / (name + "-" + std::to_string(k) + ".journal"), card_rig::journal_key(f));
  if (!f.terminal->connect(f.rig->reader_name()).ok()) fail_msg("k=%zu: cannot connect", k);
  auto first = personalize_card(*f.terminal, f.image, *journal, kQuiet);
  if (first.ok() || first.error().code != hal::ErrorCode::kCardRemoved) {
    fail_msg("k=%zu: the first run should lose the card, got %s", k,
             first.ok() ? "success" : first.error().describe().c_str());
  }
  Outcome outcome;
  const card_rig::SavedCard pulled = card_rig::load_saved_card(state);
  outcome.valid_when_pulled = card_rig::passive_authentication_of(f, pulled).passed();
  if (outcome.valid_when_pulled && (pulled.files != reference.files || pulled.objects != reference.objects)) {
    fail_msg("k=%zu: the card passes Passive Authentication but does not hold the whole personalisation", k);
  }
  ResumeOptions resume;
  resume.reader = f.rig->reader_name();
  resume.wait = std::chrono::milliseconds(10000);
  auto resumed = personalize_with_resume(*f.terminal, f.image, *journal, resume, kQuiet);
  (void)f.terminal->disconnect(hal::Disposition::kLeave);
  const card_rig::SavedCard finished = card_rig::load_saved_card(state);
  // No pull point excuses a refusal: the card commits each APDU whole, the
  // station rewrites whole files and writes EF.SOD and the lock last, so a
  // resume always has what it needs to finish (card.md, Tearing).
  if (!resumed.ok()) fail_msg("k=%zu: resume refused: %s", k, resumed.error().describe().c_str());
  if (finished.text != reference.text) fail_msg("k=%zu: the resumed card differs from an uninterrupted one", k);
  (void)f.rig->remove_card();
  return outcome;
}

// `first`: the first command the station sends (2 when the driver's probe
// at connect is command 1).
void sweep(card_rig::Fixture& f, const std::string& name, std::size_t first, std::size_t stride) {
  std::size_t total = 0;
  const card_rig::SavedCard reference = reference_card(f, name + "-reference", total);
  total += first - 1;
  std::size_t runs = 0, valid_when_pulled = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t k = first; k <= total; k += stride) {
    const Outcome o = pull_at(f, name, k, reference);
    ++runs;
    valid_when_pulled += o.valid_when_pulled;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  print_message(
      "%s: a personalisation is %zu commands; pulled at %zu of them (every %zu): all resumed to the identical card; "
      "%zu were already complete when pulled (%.1f s)\n",
      name.c_str(), total, runs, stride, valid_when_pulled, seconds);
  assert_true(runs >= 2);  // the sweep really pulled the card
}

int setup(void** state) { return card_rig::start(state, 16000, 32768); }

void every_command_with_extended_length(void** state) {
  card_rig::use_terminal(card_rig::fixture(state), 32768);
  card_switches = {};
  sweep(card_rig::fixture(state), "extended", 1, 1);
}

// A card that refuses extended length, found out by the driver's probe at
// each connect (so short APDUs, 255/256 bytes).
void a_sample_with_short_apdus(void** state) {
  card_rig::use_terminal(card_rig::fixture(state), 0);
  card_switches = {"--no-extended"};
  sweep(card_rig::fixture(state), "short", 2, short_stride);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) short_stride = std::max<std::size_t>(1, std::strtoul(argv[1], nullptr, 10));
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_command_with_extended_length),
      cmocka_unit_test(a_sample_with_short_apdus),
  };
  return cmocka_run_group_tests(tests, setup, card_rig::stop);
}
