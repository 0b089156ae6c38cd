// Power cuts under sync: a writer (power_cut_writer.cpp) seals, batches and
// applies receipts over a store running on FaultVfs, is killed with SIGKILL
// after a random number of acknowledged steps, and the power goes
// (cut_power(): every write no sync covered kept, discarded or torn). After
// every cut: SQLite's integrity check and the store's check pass; every
// acknowledged seal, batch and receipt is there; a batch and its dossiers'
// move to batched, and a receipt and their move to delivered, happened
// together or not at all; no dossier is in two batches; the chain of
// batches has no gap.
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "cmocka.hpp"
#include "killed_writer.hpp"
#include "power_cut.hpp"
#include "store_fixture.hpp"
#include "sync_fixture.hpp"

namespace {

using namespace sync_test;
using station::store::DossierState;

constexpr int kRounds = 20;

// What the writer acknowledged, over all rounds.
struct Ledger {
  std::set<std::string> sealed, batches, receipts;
  int acknowledged = 0;

  void apply(const std::string& line) {
    std::istringstream in(line);
    std::string phase, what, id;
    in >> phase >> what;
    if (phase != "ack") return;
    ++acknowledged;
    while (in >> id) {
      if (what == "seal") sealed.insert(id);
      if (what == "batch") batches.insert(id);
      if (what == "receipt") receipts.insert(id);
    }
  }
};

std::string state_of(station::store::Store& store, const std::string& id) {
  auto s = store.summary(id);
  if (!s) fail_msg("dossier %s: %s", id.c_str(), s.error().describe().c_str());
  return std::string(station::store::to_string(s->state));
}

// Each batch's dossiers are batched, or delivered once it is receipted, and
// belong to it alone; returns dossier -> batch.
std::map<std::string, std::string> check_batches(station::store::Store& store,
                                                 const std::vector<station::store::BatchInfo>& batches) {
  std::map<std::string, std::string> member_of;
  std::int64_t sequence = 0;
  for (const auto& b : batches) {
    if (b.sequence != ++sequence) fail_msg("batch %s has sequence %lld, expected %lld", b.id.c_str(), (long long)b.sequence, (long long)sequence);
    auto members = store.batch_members(b.id);
    ASSERT_OK(members);
    if (members->empty()) fail_msg("batch %s holds no dossier", b.id.c_str());
    for (const auto& m : *members) {
      if (!member_of.emplace(m.dossier_id, b.id).second) fail_msg("dossier %s is in two batches", m.dossier_id.c_str());
      const std::string want = b.receipted ? "delivered" : "batched", state = state_of(store, m.dossier_id);
      if (state != want) fail_msg("dossier %s of batch %s is %s, not %s", m.dossier_id.c_str(), b.id.c_str(), state.c_str(), want.c_str());
    }
  }
  return member_of;
}

void verify(Station& s, const Ledger& ledger) {
  {
    store_test::RawDb raw(s.db_path());
    const std::string integrity = raw.text("PRAGMA integrity_check");
    if (integrity != "ok") fail_msg("integrity_check: %s", integrity.c_str());
  }
  s.reopen();
  auto report = s.store->check(false);
  ASSERT_OK(report);
  if (!report->problems.empty()) fail_msg("store check: %s", report->problems.front().c_str());
  auto batches = s.store->list_batches(false);
  ASSERT_OK(batches);
  const auto member_of = check_batches(*s.store, *batches);
  auto moved = s.store->list({DossierState::kBatched, DossierState::kDelivered});
  ASSERT_OK(moved);
  for (const auto& d : *moved) {
    if (!member_of.count(d.id)) fail_msg("dossier %s is %s but in no batch", d.id.c_str(), std::string(to_string(d.state)).c_str());
  }
  for (const auto& id : ledger.sealed) {
    const std::string state = state_of(*s.store, id);
    if (state != "sealed" && state != "batched" && state != "delivered") fail_msg("acknowledged seal of %s, now %s", id.c_str(), state.c_str());
  }
  std::map<std::string, bool> receipted;
  for (const auto& b : *batches) receipted[b.id] = b.receipted;
  for (const auto& id : ledger.batches) {
    if (!receipted.count(id)) fail_msg("acknowledged batch %s is missing", id.c_str());
  }
  for (const auto& id : ledger.receipts) {
    if (!receipted[id]) fail_msg("acknowledged receipt of batch %s is missing", id.c_str());
  }
  s.sync.reset();
  s.store.reset();
}

void batches_and_receipts_survive_power_cuts(void**) {
  auto station = make_station("field-01");
  station->sync.reset();
  station->store.reset();  // the writer owns the database between checks
  const fs::path log = station->dir.path() / "writes.log";
  std::mt19937_64 random(20261207);
  Ledger ledger;
  store_test::CutReport cuts;
  for (int round = 1; round <= kRounds; ++round) {
    auto plan = store_test::random_kill_plan(random, 16);
    auto result = store_test::run_until_killed(
        {SYNC_POWER_CUT_WRITER, station->db_path().string(), station->name, std::to_string(random()), log.string()}, plan,
        round);
    cuts += store_test::cut_power(log, random);
    for (const auto& line : result.lines) ledger.apply(line);
    verify(*station, ledger);
  }
  print_message("%d power cuts, %d acknowledged steps (%zu seals, %zu batches, %zu receipts), all present; unsynced "
                "writes at the cuts: %d (%d kept, %d discarded, %d torn)\n",
                kRounds, ledger.acknowledged, ledger.sealed.size(), ledger.batches.size(), ledger.receipts.size(),
                cuts.unsynced, cuts.kept, cuts.discarded, cuts.torn);
  // Every kind of step was acknowledged, and the cuts took away unsynced writes.
  assert_true(ledger.acknowledged >= kRounds);
  assert_false(ledger.sealed.empty());
  assert_false(ledger.batches.empty());
  assert_false(ledger.receipts.empty());
  assert_true(cuts.discarded > 0);
  assert_true(cuts.torn > 0);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {cmocka_unit_test(batches_and_receipts_survive_power_cuts)};
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
