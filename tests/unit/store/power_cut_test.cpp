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
// Rounds go on until both minimums are met (40 rounds, 2000 acknowledged
// steps by default; at most 4x the rounds), so a slower build still does
// thousands of steps.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <random>
#include <set>

#include "power_cut.hpp"
#include "power_cut_protocol.hpp"
#include "store_test_main.hpp"

namespace {

using namespace store_test;

int min_rounds = 40;
int min_steps = 2000;

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

struct Round {
  std::vector<std::string> lines;
  int status = 0;
  std::string errors;
};

// When a round's writer dies: during start-up, `delay` after it started;
// else `delay` after its `acks`-th acknowledged step. Counting steps, not
// time, keeps the work per round the same on a busy machine; the delay puts
// the kill anywhere inside a step.
struct KillPlan {
  bool during_startup = false;
  int acks = 0;
  std::chrono::microseconds delay{0};
};

// Starts the writer, kills it as `plan` says, and collects every complete
// line it wrote.
Round run_writer(const fs::path& db, const fs::path& keys, const fs::path& log, std::uint64_t seed,
                 const KillPlan& plan) {
  int out[2];
  int err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) fail_msg("pipe: %s", strerror(errno));
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    std::string seed_text = std::to_string(seed);
    execl(POWER_CUT_WRITER, POWER_CUT_WRITER, db.c_str(), keys.c_str(), seed_text.c_str(), log.c_str(), nullptr);
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  Round round;
  std::string pending;
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  std::optional<Clock::time_point> deadline;
  if (plan.during_startup) deadline = started + plan.delay;
  bool ready = false, killed = false;
  int acks = 0;
  for (;;) {
    auto now = Clock::now();
    if (deadline && !killed && now >= deadline) {
      kill(pid, SIGKILL);
      killed = true;
    }
    if (!ready && !killed && now - started > std::chrono::seconds(60)) {
      kill(pid, SIGKILL);
      fail_msg("the writer did not get ready within 60 s");
    }
    int wait_ms = 1000;
    if (deadline && !killed) wait_ms = static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(*deadline - now).count());
    pollfd fds{out[0], POLLIN, 0};
    if (poll(&fds, 1, std::max(wait_ms, 0)) <= 0) continue;  // time to kill, or interrupted
    char buffer[8192];
    ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;  // the writer is gone and its output drained
    pending.append(buffer, static_cast<std::size_t>(n));
    for (std::size_t end; (end = pending.find('\n')) != std::string::npos; pending.erase(0, end + 1)) {
      std::string line = pending.substr(0, end);
      ready = ready || line == "ready";
      if (line.rfind("ack ", 0) == 0 && ++acks == plan.acks && !plan.during_startup) deadline = Clock::now() + plan.delay;
      round.lines.push_back(line);
    }
  }
  close(out[0]);
  char buffer[4096];
  for (ssize_t n; (n = read(err[0], buffer, sizeof buffer)) > 0;) round.errors.append(buffer, static_cast<std::size_t>(n));
  close(err[0]);
  waitpid(pid, &round.status, 0);
  return round;
}

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
    KillPlan plan;
    plan.during_startup = random() % 8 == 0;
    startup_kills += plan.during_startup;
    plan.acks = 1 + static_cast<int>(random() % 120);
    plan.delay = std::chrono::microseconds(plan.during_startup ? random() % 60000 : random() % 8000);
    auto result = run_writer(f.db_path(), shared_keys().key_dir(), log, random(), plan);
    if (!WIFSIGNALED(result.status) || WTERMSIG(result.status) != SIGKILL) {
      fail_msg("round %d: the writer ended by itself (status %d): %s", round, result.status, result.errors.c_str());
    }
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
