// `station queue` over 20 000 dossiers. Prints figures only.
//   bench_store_queue [DOSSIERS]   (default 20000)
// 200 sealed dossiers (~12 kB each) are made through the store; their rows
// are then copied under new ids in one SQL transaction up to the count (a
// multiple of 200), with states spread as on a field station (the copies' records keep their
// original encryption, so they would not decrypt; listing never decrypts).
#include <algorithm>
#include <cstdio>

#include "store_fixture.hpp"
#include "subprocess.hpp"
#include "cmocka.hpp"

namespace {

using namespace store_test;
using Millis = std::chrono::duration<double, std::milli>;

int total = 20000;
constexpr int kMade = 200;

double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

void fill(const fs::path& db, hal::KeyStore& keys) {
  auto clock = test_clock();
  auto opened = Store::open(options_for(db), &keys, *clock);
  ASSERT_OK(opened);
  for (int i = 0; i < kMade; ++i) {
    sealed_dossier(**opened, complete_dossier(11000, static_cast<std::uint64_t>(i)));
    clock->advance(std::chrono::minutes(3));
  }
  opened->reset();
  RawDb raw(db);
  raw.exec("BEGIN");
  const std::string originals = "SELECT id FROM dossiers WHERE rowid <= " + std::to_string(kMade);
  for (int copy = 1; copy < total / kMade; ++copy) {
    // The copy's id: the original's first 24 characters and the copy number.
    std::string renamed = "substr(%1, 1, 24) || printf('%012d', " + std::to_string(copy) + ")";
    auto with = [&](const std::string& column) {
      std::string text = renamed;
      return text.replace(text.find("%1"), 2, column);
    };
    raw.exec("INSERT INTO dossiers SELECT " + with("id") +
             ", CASE abs(random()) % 10 WHEN 0 THEN 'draft' WHEN 1 THEN 'batched' WHEN 2 THEN 'delivered' "
             "ELSE 'sealed' END, station_id, officer_id, supervisor_id, created_at + " + std::to_string(copy) +
             " * 600000, updated_at, state_changed_at, revision, wrap_key_id, wrapped_key, content_hash, "
             "seal_signature, payload_bytes FROM dossiers WHERE id IN (" + originals + ")");
    raw.exec("INSERT INTO records (dossier_id, kind, version, sealed_payload) SELECT " + with("dossier_id") +
             ", kind, version, sealed_payload FROM records WHERE dossier_id IN (" + originals + ")");
  }
  raw.exec("COMMIT");
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM dossiers"), total);
}

void list_twenty_thousand(void**) {
  StationKeys keys;
  keys.write();
  auto key_store = keys.open();
  fs::path db = keys.dir.path() / "queue.db";
  fill(db, *key_store);
  fs::path config = keys.dir.path() / "station.toml";
  std::ofstream(config) << "[store]\npath = \"" << db.string() << "\"\n";

  auto clock = test_clock();
  auto opened = Store::open(options_for(db), nullptr, *clock);
  ASSERT_OK(opened);
  std::vector<double> in_process;
  std::size_t pending = 0;
  for (int i = 0; i < 10; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto listed = (*opened)->list({DossierState::kDraft, DossierState::kSealed, DossierState::kPersonalized, DossierState::kBatched});
    in_process.push_back(Millis(std::chrono::steady_clock::now() - start).count());
    ASSERT_OK(listed);
    pending = listed->size();
  }
  opened->reset();
  auto run_station = [&](std::vector<std::string> arguments) {
    std::vector<double> samples;
    std::size_t bytes = 0;
    for (int i = 0; i < 5; ++i) {
      std::vector<std::string> argv{STATION_BINARY, "--config", config.string()};
      argv.insert(argv.end(), arguments.begin(), arguments.end());
      auto start = std::chrono::steady_clock::now();
      auto r = testing_support::run(argv);
      samples.push_back(Millis(std::chrono::steady_clock::now() - start).count());
      assert_int_equal(r.exit_code, 0);
      bytes = r.out.size();
    }
    return std::make_pair(median(samples), bytes);
  };
  auto text = run_station({"queue"});
  auto json = run_station({"queue", "--json"});
  auto all = run_station({"queue", "--state", "all", "--json"});
  std::printf("%d dossiers in a %.0f MB store (%zu pending)\n", total, static_cast<double>(fs::file_size(db)) / 1e6, pending);
  std::printf("Store::list(pending) in process: median %.1f ms of 10\n", median(in_process));
  std::printf("station queue (text):            median %.0f ms of 5, %zu bytes out\n", text.first, text.second);
  std::printf("station queue --json:            median %.0f ms of 5, %zu bytes out\n", json.first, json.second);
  std::printf("station queue --state all --json: median %.0f ms of 5, %zu bytes out\n", all.first, all.second);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) total = std::max(kMade, std::atoi(argv[1]) / kMade * kMade);
  const struct CMUnitTest tests[] = {cmocka_unit_test(list_twenty_thousand)};
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
