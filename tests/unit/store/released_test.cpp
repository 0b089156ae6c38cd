// Database files of every released schema version, checked in under
// released/ (made by released/make-released-dbs from the scripts as they were
// released; released/README.md), open with today's code, migrate to today's
// schema and give back their dossiers. Unlike unit_store_migrations, nothing
// here is built by today's scripts: a change to an old script, or to how
// records are read, fails against these files.
//
// `unit_store_released --make DIR` is the generator the script runs: it fills
// DIR/current.db with the sample dossiers, using the keys in DIR/keys.
#include "station/store/schema.hpp"
#include "drivers/key_store_factory.hpp"
#include "store_test_main.hpp"

namespace {

using namespace store_test;
using station::store::kSchemaVersion;

constexpr int kReleasedVersions = 3;  // every version a station has run; never lowered
constexpr std::uint64_t kFirstSeed = 40;
constexpr int kSealed = 3;            // seeds 40..42 sealed, the first of them batched; 43 a draft

std::unique_ptr<hal::KeyStore> released_keys(const fs::path& dir) {
  auto store = drivers::keys::open_key_files({dir});
  if (!store) fail_msg("key files: %s", store.error().describe().c_str());
  return std::move(store).value();
}

// The sample: three sealed dossiers (one batched) and a draft with
// demographics and face, the audit head signed.
void fill(Store& store) {
  std::vector<std::string> sealed;
  for (int i = 0; i < kSealed; ++i)
    sealed.push_back(sealed_dossier(store, complete_dossier(5500, kFirstSeed + static_cast<std::uint64_t>(i))));
  auto draft = complete_dossier(5500, kFirstSeed + kSealed);
  auto id = store.create_draft(kOfficer);
  ASSERT_OK(id);
  ASSERT_OK(store.save_demographics(*id, draft.demographics, kOfficer));
  ASSERT_OK(store.save_face(*id, *draft.face, kOfficer));
  ASSERT_OK(store.transition(sealed.front(), DossierState::kBatched, "sync"));
  ASSERT_OK(store.sign_audit_head());
}

int make(const fs::path& dir) {
  auto keys = released_keys(dir / "keys");
  auto clock = test_clock();
  auto opened = Store::open(options_for(dir / "current.db"), keys.get(), *clock);
  ASSERT_OK(opened);
  fill(**opened);
  return 0;
}

// A private copy: opening migrates the file in place.
struct Copy {
  keys_test::TempDir dir;
  fs::path db;
  std::unique_ptr<hal::KeyStore> keys;
};

std::unique_ptr<Copy> copy_of_version(int version) {
  auto c = std::make_unique<Copy>();
  const fs::path from = fs::path(RELEASED_DIR) / ("station-v" + std::to_string(version) + ".db");
  if (!fs::is_regular_file(from)) fail_msg("%s is missing (released/make-released-dbs makes it)", from.c_str());
  c->db = c->dir.path() / from.filename();
  fs::copy_file(from, c->db);
  fs::copy(fs::path(RELEASED_DIR) / "keys", c->dir.path() / "keys");
  fs::permissions(c->dir.path() / "keys", fs::perms::owner_all);
  for (const auto& e : fs::directory_iterator(c->dir.path() / "keys"))
    fs::permissions(e.path(), fs::perms::owner_read | fs::perms::owner_write);
  c->keys = released_keys(c->dir.path() / "keys");
  return c;
}

// Each loaded dossier is one of the samples, each sample found once.
void expect_the_samples(Store& store, int version) {
  auto all = store.list({DossierState::kDraft, DossierState::kSealed, DossierState::kBatched});
  ASSERT_OK(all);
  if (all->size() != kSealed + 1) fail_msg("v%d: %zu dossiers, not %d", version, all->size(), kSealed + 1);
  std::vector<bool> found(kSealed + 1, false);
  for (const auto& summary : *all) {
    auto loaded = store.load(summary.id);
    ASSERT_OK(loaded);
    bool matched = false;
    for (int i = 0; i <= kSealed; ++i) {
      const auto sample = complete_dossier(5500, kFirstSeed + static_cast<std::uint64_t>(i));
      if (found[i] || !(loaded->demographics == sample.demographics) || !(loaded->face == sample.face)) continue;
      if (i < kSealed && !(loaded->fingers == sample.fingers)) fail_msg("v%d: dossier %d's prints differ", version, i);
      found[i] = matched = true;
      break;
    }
    if (!matched) fail_msg("v%d: dossier %s is none of the samples", version, summary.id.c_str());
  }
  auto batched = store.list({DossierState::kBatched});
  ASSERT_OK(batched);
  assert_int_equal(batched->size(), 1);
}

void every_released_database_migrates_and_reads_back(void**) {
  for (int version = 1; version <= kReleasedVersions; ++version) {
    auto c = copy_of_version(version);
    {
      RawDb raw(c->db);
      assert_int_equal(raw.integer("PRAGMA user_version"), version);
    }
    auto clock = test_clock();
    auto opened = Store::open(options_for(c->db), c->keys.get(), *clock);
    ASSERT_OK(opened);
    auto& store = **opened;
    {
      RawDb raw(c->db);
      assert_int_equal(raw.integer("PRAGMA user_version"), kSchemaVersion);
      assert_int_equal(raw.integer("SELECT COUNT(*) FROM dossiers WHERE payload_bytes = 0"), 0);
    }
    auto check = store.check(true);
    ASSERT_OK(check);
    if (!check->problems.empty()) fail_msg("v%d: %s", version, check->problems.front().c_str());
    assert_int_equal(check->dossiers, kSealed + 1);
    expect_the_samples(store, version);
    auto audit = store.verify_audit();
    ASSERT_OK(audit);
    if (audit->broken) fail_msg("v%d: the audit chain is broken", version);
    assert_int_equal(audit->heads_checked, 1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--make") return make(argv[2]);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_released_database_migrates_and_reads_back),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
