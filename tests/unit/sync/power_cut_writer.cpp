// The process unit_sync_power_cut kills: over a store opened through
// FaultVfs recording its writes, it seals dossiers, batches them (the batch
// and its dossiers' move to batched, one transaction) and applies the
// registry's receipts (delivered, one transaction), at random, forever. Each
// step is announced before and after, one line each:
//   ready
//   intent seal       ack seal <dossier id>
//   intent batch      ack batch <batch id>...   ("ack batch" alone: nothing to batch)
//   intent receipt <batch id>                   ack receipt <batch id>
//   sync_power_cut_writer DATABASE STATION SEED LOG
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>

#include "drivers/key_store_factory.hpp"
#include "fault_vfs.hpp"
#include "store_fixture.hpp"
#include "sync_fixture.hpp"

namespace {

using namespace sync_test;
using station::store::DossierState;

void say(const std::string& line) {
  std::string text = line + "\n";
  if (::write(STDOUT_FILENO, text.data(), text.size()) != static_cast<ssize_t>(text.size())) std::_Exit(3);
}

template <typename T>
T must(hal::Result<T> result, const std::string& what) {
  if (!result) {
    std::fprintf(stderr, "sync power-cut writer: %s: %s\n", what.c_str(), result.error().describe().c_str());
    std::_Exit(2);
  }
  return std::move(result).value();
}

void must(const hal::Status& status, const std::string& what) {
  if (!status.ok()) must(hal::Result<int>(status.error()), what);
}

class Writer {
 public:
  Writer(station::sync::Syncer& sync, std::string station, std::uint64_t seed)
      : sync_(sync), store_(sync.store()), station_(std::move(station)), random_(seed) {}

  void step() {
    auto roll = random_() % 10;
    if (roll < 5) return seal();
    if (roll < 7) return batch();
    receipt();
  }

 private:
  void seal() {
    say("intent seal");
    auto id = must(store_.create_draft(store_test::kOfficer), "creating a draft");
    must(store_test::save_all(store_, id, store_test::complete_dossier(3000, random_())), "saving a dossier");
    must(store_.transition(id, DossierState::kSealed, store_test::kOfficer), "sealing " + id);
    say("ack seal " + id);
  }

  void batch() {
    say("intent batch");
    std::string line = "ack batch";
    for (const auto& id : must(sync_.make_batches(), "batching")) line += " " + id;
    say(line);
  }

  void receipt() {
    auto waiting = must(store_.list_batches(true), "listing the batches");
    if (waiting.empty()) return seal();
    const std::string id = waiting[random_() % waiting.size()].id;
    std::vector<std::string> accepted;
    for (const auto& m : must(store_.batch_members(id), "listing batch " + id)) accepted.push_back(m.dossier_id);
    auto cms = registry_receipt(store_, station_, id, pki() / "registry" / "keys", accepted);
    say("intent receipt " + id);
    must(sync_.apply_receipt(cms, "power-cut test"), "applying the receipt of " + id);
    say("ack receipt " + id);
  }

  station::sync::Syncer& sync_;
  station::store::Store& store_;
  std::string station_;
  std::mt19937_64 random_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: sync_power_cut_writer DATABASE STATION SEED LOG\n");
    return 64;
  }
  const std::string name = argv[2];
  store_test::FaultVfs::install().record_writes(argv[4]);
  auto keys = must(drivers::keys::open_key_files({pki() / "stations" / name / "keys"}), "opening the key files");
  hal::FakeClock clock(std::chrono::system_clock::now());  // the test certificates are valid from the day they were made
  auto options = store_test::options_for(argv[1]);
  options.station_id = name;
  options.vfs = store_test::FaultVfs::kName;
  auto store = must(station::store::Store::open(options, keys.get(), clock), "opening the store");
  station::sync::Syncer sync(*store, *keys, clock, settings_for(name, 4));
  Writer writer(sync, name, std::strtoull(argv[3], nullptr, 10));
  say("ready");
  for (;;) writer.step();
}
