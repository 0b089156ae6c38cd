// Exactly once, under abuse: thousands of dossiers synced by the real
// `station sync --once` process, which is SIGKILLed at random moments
// (while batching, mid-upload, while applying receipts), against a registry
// simulator restarted between rounds with random faults: connections dropped
// after a random byte count, crashes after a random number of stored bytes,
// 503s. At the end every dossier is in the registry exactly once, every
// batch there is the station's (same hash), every batch is receipted at the
// station and every dossier delivered.
//
// The seed is printed; SYNC_SEED=N reruns the same schedule of faults.
// SYNC_DOSSIERS=N changes the count (default 2000).
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "cmocka.hpp"
#include "sync_fixture.hpp"

namespace {

using namespace sync_test;
using station::store::DossierState;

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

struct Tally {
  int rounds = 0, killed = 0, finished = 0, registry_restarts = 0, registry_crashes = 0;
};

enum class Fault { kDrop, kCrash, k503, kNone };

// Misbehaviour of one kind for the registry's next life.
std::vector<std::string> switches_for(Fault kind, std::mt19937_64& random) {
  auto between = [&](std::uint64_t lo, std::uint64_t hi) {
    return std::to_string(std::uniform_int_distribution<std::uint64_t>(lo, hi)(random));
  };
  switch (kind) {
    case Fault::kDrop: return {"--drop-after", between(500, 15000), "--drop-times", between(1, 4)};
    case Fault::kCrash: return {"--exit-after-bytes", between(10000, 600000)};
    case Fault::k503: return {"--fail-status", "503", "--fail-times", between(1, 3)};
    case Fault::kNone: break;
  }
  return {};
}

Fault random_fault(std::mt19937_64& random) { return Fault(std::uniform_int_distribution<int>(0, 3)(random)); }

// How often the registry said it did `what` (its log spans all its lives).
int times_logged(const RegistrySim& registry, const std::string& what) {
  const std::string log = registry.log();
  int n = 0;
  for (auto at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
  return n;
}

const std::string kDropped = "registry-sim: dropped the connection", kCrashed = "registry-sim: crashing after";

// Whether the store still holds anything to batch or upload.
bool work_left(Station& s) {
  s.reopen();
  auto waiting = s.store->list_batches(true);
  ASSERT_OK(waiting);
  auto sealed = s.store->list({DossierState::kSealed});
  ASSERT_OK(sealed);
  const bool left = !waiting->empty() || !sealed->empty();
  s.sync.reset();
  s.store.reset();
  return left;
}

// One `station sync --once`, SIGKILLed after a random delay unless it ends first.
void one_round(const fs::path& config, std::mt19937_64& random, Tally& tally, bool let_finish) {
  rig::SpawnOptions o;
  o.argv = {STATION_BINARY, "--config", config.string(), "sync", "--once"};
  o.output_path = (config.parent_path() / ("sync-" + std::to_string(tally.rounds) + ".log")).string();
  auto child = rig::ChildProcess::spawn(o);
  ASSERT_OK(child);
  const auto deadline = std::chrono::milliseconds(
      let_finish ? 600'000 : std::uniform_int_distribution<int>(50, 3000)(random));
  auto ended = child->wait(deadline);
  if (!ended) {
    child->signal(SIGKILL);
    child->stop();
    ++tally.killed;
  } else {
    ++tally.finished;
    // Delivered (0), or the registry away (4) or slow (6): anything else,
    // corrupt data above all, is a defect.
    if (*ended != 0 && *ended != 4 && *ended != 6) {
      std::ifstream log(o.output_path);
      const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
      fail_msg("station sync exited %d:\n%s", *ended, text.substr(text.size() > 3000 ? text.size() - 3000 : 0).c_str());
    }
  }
  ++tally.rounds;
}

void every_dossier_reaches_the_registry_exactly_once(void**) {
  const std::uint64_t seed = env_number("SYNC_SEED", static_cast<std::uint64_t>(std::time(nullptr)));
  const int count = static_cast<int>(env_number("SYNC_DOSSIERS", 2000));
  print_message("seed %llu (SYNC_SEED=%llu reruns this schedule), %d dossiers\n",
                static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed), count);
  std::mt19937_64 random(seed);

  auto station = make_station("field-01");
  const auto ids = station->seal(count, 2500, seed);
  station->sync.reset();
  station->store.reset();
  RegistrySim registry;
  registry.start();
  // Small batches and chunks, so kills and drops land inside uploads.
  const fs::path config =
      write_config(*station, registry.port(), 30, "max_dossiers = 40\nchunk_kb = 16\n");

  Tally tally;
  // The first lives drop and crash, while most of the work is still ahead,
  // and are kept until they did: every run meets both faults.
  std::vector<Fault> opening{Fault::kDrop, Fault::kCrash};
  std::string awaited;
  while (tally.rounds < 200 && work_left(*station)) {
    if (!registry.running()) ++tally.registry_crashes;
    const bool fired = awaited.empty() || times_logged(registry, awaited) > 0;
    if (!registry.running() || (fired && std::uniform_int_distribution<int>(0, 2)(random) == 0)) {
      registry.stop();
      Fault kind = random_fault(random);
      if (!opening.empty()) {
        kind = opening.front();
        opening.erase(opening.begin());
        awaited = kind == Fault::kDrop ? kDropped : kCrashed;
      }
      registry.start(switches_for(kind, random));
      ++tally.registry_restarts;
    }
    one_round(config, random, tally, false);
  }
  // Then a calm registry and a station left to finish.
  registry.stop();
  registry.start();
  one_round(config, random, tally, true);
  const int drops = times_logged(registry, kDropped), crashes = times_logged(registry, kCrashed);
  print_message("%d rounds: %d killed, %d ran to the end; registry restarted %d times (%d after a crash); "
                "the registry dropped %d connections and crashed %d times\n",
                tally.rounds, tally.killed, tally.finished, tally.registry_restarts, tally.registry_crashes, drops,
                crashes);
  assert_false(work_left(*station));
  // The schedule really did interrupt the station, and the registry really
  // dropped connections and crashed mid-upload.
  assert_true(tally.killed >= 5);
  assert_true(drops >= 1);
  assert_true(crashes >= 1);
  assert_true(tally.registry_crashes <= crashes);  // the registry died of nothing else

  // The registry holds each dossier once, and only this station's batches.
  assert_int_equal(registry.count("SELECT COUNT(*) FROM dossiers"), count);
  for (const auto& id : ids)
    assert_int_equal(registry.count("SELECT COUNT(*) FROM dossiers WHERE id = '" + id + "'"), 1);
  station->reopen();
  auto batches = station->store->list_batches(false);
  ASSERT_OK(batches);
  assert_int_equal(registry.count("SELECT COUNT(*) FROM batches"), static_cast<std::int64_t>(batches->size()));
  std::int64_t members = 0;
  for (const auto& b : *batches) {
    assert_true(b.receipted);
    members += b.dossier_count;
    assert_int_equal(registry.count("SELECT COUNT(*) FROM batches WHERE id = '" + b.id + "' AND hex(hash) = '" +
                                    hal::to_hex(b.hash) + "'"),
                     1);
  }
  assert_int_equal(members, count);  // no dossier batched twice at the station either
  assert_int_equal(registry.count("SELECT COUNT(*) FROM uploads WHERE complete = 0"), 0);
  for (const auto& id : ids) {
    auto s = station->store->summary(id);
    ASSERT_OK(s);
    assert_int_equal(static_cast<int>(s->state), static_cast<int>(DossierState::kDelivered));
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {cmocka_unit_test(every_dossier_reaches_the_registry_exactly_once)};
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
