// Issue 15 class 7 as it happens: two station commands started at the same
// moment on one store (export and export, export and sync, import and export
// at a relay), a new dossier sealed before each round so every round has a
// batch to make. The README says a second command is refused, not queued:
// each run ends 0, or 10 with "busy: another station command is running",
// never with a tampering message, and the store passes its check after.
#include <thread>

#include "subprocess.hpp"
#include "sync_fixture.hpp"
#include "cmocka.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::contains;
using testing_support::RunResult;

constexpr int kRounds = 6;

RunResult station(const fs::path& config, std::vector<std::string> args) {
  args.insert(args.begin(), {STATION_BINARY, "--config", config.string()});
  return testing_support::run(args, {}, std::chrono::seconds(120));
}

// Both commands, forked as close together as two threads allow.
std::pair<RunResult, RunResult> at_once(const fs::path& config_a, const std::vector<std::string>& a,
                                        const fs::path& config_b, const std::vector<std::string>& b) {
  std::pair<RunResult, RunResult> out;
  std::thread second([&] { out.second = station(config_b, b); });
  out.first = station(config_a, a);
  second.join();
  return out;
}

// Counts the rounds in which one command found the other holding the store.
struct Tally {
  int busy = 0;
  int rounds = 0;
};

void judge(const RunResult& r, const std::string& what, Tally& tally) {
  const std::string said = r.out + r.err;
  if (contains(said, "another hash") || contains(said, "report it") || contains(said, "tamper"))
    fail_msg("%s: a race read as tampering:\n%s", what.c_str(), said.c_str());
  if (r.exit_code == 10 && contains(r.err, "busy: another station command is running") &&
      contains(r.err, "nothing was changed")) {
    ++tally.busy;
    return;
  }
  if (r.exit_code != 0) fail_msg("%s: exit %d, neither 0 nor busy (10):\n%s", what.c_str(), r.exit_code, said.c_str());
}

void judge_round(const std::pair<RunResult, RunResult>& runs, const std::string& what, Tally& tally) {
  judge(runs.first, what + " (first command)", tally);
  judge(runs.second, what + " (second command)", tally);
  if (runs.first.exit_code != 0 && runs.second.exit_code != 0) fail_msg("%s: both refused", what.c_str());
  ++tally.rounds;
}

void expect_intact(const fs::path& config) {
  auto r = station(config, {"store", "check"});
  if (r.exit_code != 0) fail_msg("store check after the race: exit %d\n%s%s", r.exit_code, r.out.c_str(), r.err.c_str());
}


void seal_one(sync_test::Station& s, std::uint64_t seed) {
  s.reopen();
  s.seal(1, 5000, seed);
  s.sync.reset();
  s.store.reset();
}

// Runs `round(n)` kRounds times, a new dossier sealed first each time. A race
// that never happened proves nothing: the rounds go on (up to four times as
// many) until a busy refusal was seen, and the store must pass its check.
void race(sync_test::Station& s, const fs::path& config, const char* what,
          const std::function<std::pair<RunResult, RunResult>(const std::string&)>& round) {
  Tally tally;
  for (int n = 0; n < kRounds * 4 && (n < kRounds || tally.busy == 0); ++n) {
    seal_one(s, 1000 + static_cast<std::uint64_t>(n));
    judge_round(round(std::to_string(n)), what + std::string(" round ") + std::to_string(n), tally);
  }
  expect_intact(config);
  std::printf("%s: %d rounds, %d busy refusals\n", what, tally.rounds, tally.busy);
  if (tally.busy == 0) fail_msg("%s: the two commands never overlapped in %d rounds", what, tally.rounds);
}

void two_exports_at_once(void**) {
  auto field = sync_test::make_station("field-01");
  const fs::path config = sync_test::write_config(*field, 0);
  keys_test::TempDir media;
  race(*field, config, "export + export", [&](const std::string& n) {
    return at_once(config, {"export", "--to", (media.path() / ("a" + n)).string()}, config,
                   {"export", "--to", (media.path() / ("b" + n)).string()});
  });
}

void export_and_sync_at_once(void**) {
  sync_test::RegistrySim registry;
  registry.start();
  auto field = sync_test::make_station("field-01");
  const fs::path config = sync_test::write_config(*field, registry.port());
  keys_test::TempDir media;
  race(*field, config, "export + sync --once", [&](const std::string& n) {
    return at_once(config, {"export", "--to", (media.path() / n).string()}, config, {"sync", "--once"});
  });
}

// At a relay: a medium from the field station is imported while the relay
// exports what it holds. The field's export carries every batch not yet
// receipted, so a round whose import was refused is made up by the next.
void import_and_export_at_once(void**) {
  auto field = sync_test::make_station("field-01");
  auto relay = sync_test::make_station("district-01");
  relay->sync.reset();
  relay->store.reset();
  const fs::path field_config = sync_test::write_config(*field, 0);
  const fs::path relay_config = sync_test::write_config(*relay, 0);
  keys_test::TempDir media;
  race(*field, relay_config, "import + export", [&](const std::string& n) {
    const fs::path in = media.path() / ("in" + n);
    auto exported = station(field_config, {"export", "--to", in.string()});
    if (exported.exit_code != 0) fail_msg("field export: %s", exported.err.c_str());
    return at_once(relay_config, {"import", "--from", in.string()}, relay_config,
                   {"export", "--to", (media.path() / ("out" + n)).string()});
  });
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(two_exports_at_once),
      cmocka_unit_test(export_and_sync_at_once),
      cmocka_unit_test(import_and_export_at_once),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
