// Power cut: a writer process is killed with SIGKILL at random instants,
// round after round, on the same database, and then the power goes: the
// writer's store ran over FaultVfs, which recorded every write, and
// cut_power() keeps, discards or tears each one no sync had covered, as a
// disk's volatile cache may (a SIGKILL alone loses nothing the kernel holds).
// After every cut the database must pass SQLite's integrity check and the
// store's own check, every step the store had acknowledged must be there,
// and nothing half-done may show: each record holds what was acknowledged or
// what was being written when the cut came, never anything else.
//   unit_store_power_cut [MIN_ROUNDS [MIN_STEPS]]
// Rounds go on until both minimums are met (30 rounds, 1000 acknowledged
// steps by default; at most 4x the rounds). Kills are placed by the count of
// acknowledged steps, so a busy machine does the same work, only slower.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>

#include "killed_writer.hpp"
#include "power_cut.hpp"
#include "power_cut_protocol.hpp"
#include "store_test_main.hpp"

namespace {

using namespace store_test;

int min_rounds = 30;
int min_steps = 1000;

// What the parent knows from the writer's lines: for each dossier and part,
// the last acknowledged value and the values announced after it.
struct Outcome {
  std::string acknowledged = "none";  // a part nobody saved yet is absent
  std::set<std::string> in_flight;
  void announce(const std::string& value) { in_flight.insert(value); }
  void acknowledge(const std::string& value) {
    acknowledged = value;
    in_flight.clear();
  }
  bool allows(const std::string& value) const { return value == acknowledged || in_flight.count(value) > 0; }
};

struct Ledger {
  std::map<std::string, Outcome> states;                            // id -> state
  std::map<std::pair<std::string, std::string>, Outcome> parts;     // (id, kind) -> token
  int creates_in_flight = 0;
  int acknowledged = 0;

  void apply(const std::string& line) {
    std::istringstream in(line);
    std::string phase, what, id, a, b;
    in >> phase >> what >> id >> a >> b;
    bool ack = phase == "ack";
    // A writer only works on dossiers it found in the store, so one whose
    // create was killed before its ack exists as a draft once it shows up.
    if ((what == "save" || what == "state") && !states.count(id)) states[id].acknowledge("draft");
    if (what == "create") {
      if (ack) {
        --creates_in_flight;
        states[id].acknowledge("draft");
      } else {
        ++creates_in_flight;
      }
    } else if (what == "save") {
      auto& part = parts[{id, a}];
      ack ? part.acknowledge(b) : part.announce(b);
    } else if (what == "state") {
      ack ? states[id].acknowledge(a) : states[id].announce(a);
    }
    if (ack) ++acknowledged;
  }
};

// The database as the writer left it, judged without the writer's help.
void verify(Fixture& f, const Ledger& ledger, const std::set<std::string>& touched, bool everything) {
  RawDb raw(f.db_path());
  std::string integrity = raw.text("PRAGMA integrity_check");
  if (integrity != "ok") fail_msg("integrity_check: %s", integrity.c_str());
  f.reopen();
  auto report = f.store->check(everything);
  ASSERT_OK(report);
  if (!report->problems.empty()) fail_msg("store check: %s", report->problems.front().c_str());

  auto all = f.store->list({});
  ASSERT_OK(all);
  std::map<std::string, DossierState> present;
  for (const auto& s : *all) present[s.id] = s.state;
  int unknown = 0;
  for (const auto& [id, state] : present) {
    if (ledger.states.count(id)) continue;
    // Created by a create that was killed before it was acknowledged.
    if (state != DossierState::kDraft) fail_msg("dossier %s is unknown yet %s", id.c_str(), std::string(to_string(state)).c_str());
    ++unknown;
  }
  for (const auto& [id, outcome] : ledger.states) {
    if (!present.count(id)) fail_msg("acknowledged dossier %s is missing", id.c_str());
    std::string state(to_string(present[id]));
    if (!outcome.allows(state)) {
      fail_msg("dossier %s is %s; acknowledged %s", id.c_str(), state.c_str(), outcome.acknowledged.c_str());
    }
  }
  for (const auto& [id, state] : present) {
    if (!everything && !touched.count(id)) continue;
    auto loaded = f.store->load(id);
    ASSERT_OK(loaded);
    for (const auto& [key, outcome] : ledger.parts) {
      if (key.first != id) continue;
      if (state == DossierState::kPurged && key.second != "demographics") continue;
      std::string token = power_cut::part_token(*loaded, key.second);
      if (!outcome.allows(token)) {
        fail_msg("dossier %s %s holds %s; acknowledged %s", id.c_str(), key.second.c_str(), token.c_str(),
                 outcome.acknowledged.c_str());
      }
    }
  }
  f.store.reset();
  (void)unknown;
}

void power_cuts_at_random_instants_lose_and_tear_nothing(void** state) {
  auto& f = fixture(state);
  f.store.reset();  // the writer owns the database between checks
  std::mt19937_64 random(20250601);
  const fs::path log = f.dir.path() / "writes.log";
  Ledger ledger;
  CutReport cuts;
  int startup_kills = 0;
  int round = 0;
  while (++round <= 4 * min_rounds && (round <= min_rounds || ledger.acknowledged < min_steps)) {
    KillPlan plan = random_kill_plan(random, 120);
    startup_kills += plan.during_startup;
    auto result = run_until_killed(
        {POWER_CUT_WRITER, f.db_path().string(), shared_keys().key_dir().string(), std::to_string(random()), log.string()},
        plan, round);
    cuts += cut_power(log, random);
    std::set<std::string> touched;
    for (const auto& line : result.lines) {
      ledger.apply(line);
      std::istringstream in(line);
      std::string phase, what, id;
      in >> phase >> what >> id;
      if (!id.empty()) touched.insert(id);
    }
    verify(f, ledger, touched, false);
  }
  verify(f, ledger, {}, true);
  f.reopen();
  auto counts = f.store->count_by_state();
  ASSERT_OK(counts);
  std::string by_state;
  for (const auto& [s, n] : *counts) by_state += " " + std::string(to_string(s)) + "=" + std::to_string(n);
  print_message("%d power cuts (%d during start-up), %d acknowledged steps, all present; unsynced writes at the cuts: "
                "%d (%d kept, %d discarded, %d torn); dossiers:%s\n",
                round - 1, startup_kills, ledger.acknowledged, cuts.unsynced, cuts.kept, cuts.discarded, cuts.torn,
                by_state.c_str());
  // The rounds did work, and the cuts did take away what was not synced.
  assert_true(ledger.acknowledged > 0);
  assert_true(ledger.acknowledged >= min_steps);
  assert_true(cuts.discarded > 0);
  assert_true(cuts.torn > 0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) min_rounds = std::max(1, std::atoi(argv[1]));
  if (argc > 2) min_steps = std::atoi(argv[2]);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(power_cuts_at_random_instants_lose_and_tear_nothing, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
