// Revocation (issue 14 point 11), judged with lists the real `openssl ca`
// makes (-revoke, -gencrl) from the test PKI's CAs, against real batches and
// receipts: a relay refuses a batch whose signer the station CA revoked, the
// station refuses a receipt whose signer the registry CA revoked and changes
// nothing, each naming the certificate and the list; a list that is out of
// date, not yet valid, from another CA or with a broken signature counts for
// nothing and is refused by name.
#include <fstream>

#include "station/sync/batch.hpp"
#include "station/sync/receipt.hpp"
#include "station/sync/revocation.hpp"
#include "sync_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace sync_test;
using station::store::DossierState;
namespace sync = station::sync;
using Clock = std::chrono::system_clock;

struct World {
  std::unique_ptr<Station> station;
  keys_test::TempDir work;
};

int set_up(void** state) {
  auto w = std::make_unique<World>();
  w->station = make_station("field-01");
  // The lists are made now: the station's clock reads now too.
  w->station->clock->set_wall(Clock::now());
  *state = w.release();
  return 0;
}

int tear_down(void** state) {
  delete static_cast<World*>(*state);
  return 0;
}

World& world(void** state) { return *static_cast<World*>(*state); }

sync::RevocationList list_from(const fs::path& path) {
  auto list = sync::read_revocation_list(read_bytes(path), path.string());
  ASSERT_OK(list);
  return *list;
}

sync::Trust station_trust(const std::vector<sync::RevocationList>& crls) {
  return {{certificate_der(pki() / "stations" / "ca.cert.pem")}, Clock::now(), {}, crls};
}

sync::Trust registry_trust(const std::vector<sync::RevocationList>& crls) {
  return {{certificate_der(pki() / "registry" / "ca.cert.pem")}, Clock::now(), sync::kReceiptSigningEku, crls};
}

std::string one_batch(World& w) {
  w.station->seal(1, 5500, 7);
  auto made = w.station->sync->make_batches();
  ASSERT_OK(made);
  assert_int_equal(made->size(), 1);
  return made->front();
}

void expect_refusal(const hal::Status& status, std::initializer_list<const char*> words) {
  if (status.ok()) fail_msg("accepted; wanted a refusal naming %s", *words.begin());
  assert_int_equal(status.error().code, hal::ErrorCode::kPermissionDenied);
  for (const char* word : words) {
    if (status.error().message.find(word) == std::string::npos)
      fail_msg("'%s' not in: %s", word, status.error().message.c_str());
  }
}

template <typename T>
hal::Status status_of(const hal::Result<T>& result) {
  if (result) return {};
  return result.error();
}

// A relay checks an imported batch's signer against the station CA's list.
void a_batch_whose_signer_is_revoked_is_refused(void** state) {
  auto& w = world(state);
  const std::string id = one_batch(w);
  auto file = w.station->store->batch_content(id);
  ASSERT_OK(file);
  const fs::path signer = pki() / "stations" / "field-01" / "keys" / "station-ec.cert.pem";
  const fs::path clean = make_crl(w.work.path(), pki() / "stations", "clean", {});
  const fs::path revoking = make_crl(w.work.path(), pki() / "stations", "revoking", {{signer}});
  ASSERT_OK(sync::open_batch(*file, station_trust({list_from(clean)})));
  expect_refusal(status_of(sync::open_batch(*file, station_trust({list_from(revoking)}))),
                 {"field-01", "is revoked by the revocation list", revoking.c_str()});
  // Another station's certificate revoked does not touch this one.
  const fs::path other = make_crl(w.work.path(), pki() / "stations", "other",
                                  {{pki() / "stations" / "district-01" / "keys" / "station-ec.cert.pem"}});
  ASSERT_OK(sync::open_batch(*file, station_trust({list_from(other)})));
}

// The station refuses a receipt whose signer the registry CA revoked, and
// its dossiers stay batched.
void a_receipt_whose_signer_is_revoked_changes_nothing(void** state) {
  auto& w = world(state);
  const std::string id = one_batch(w);
  auto info = w.station->store->batch_info(id);
  ASSERT_OK(info);
  auto members = w.station->store->batch_members(id);
  ASSERT_OK(members);
  std::vector<std::string> accepted;
  for (const auto& m : *members) accepted.push_back(m.dossier_id);
  const hal::Bytes receipt = registry_receipt(*w.station->store, "field-01", id, pki() / "registry" / "keys", accepted);

  const fs::path revoking = make_crl(w.work.path(), pki() / "registry", "receipts",
                                     {{pki() / "registry" / "keys" / "registry-receipts.cert.pem"}});
  w.station->clock->set_wall(Clock::now());  // not before the list, however long making it took
  expect_refusal(status_of(sync::verify_receipt(receipt, registry_trust({list_from(revoking)}), id, info->hash)),
                 {"Registry receipts", "is revoked by the revocation list", revoking.c_str()});

  auto settings = settings_for("field-01", 10);
  settings.registry_crls = {list_from(revoking)};
  sync::Syncer revoking_syncer(*w.station->store, *w.station->keys, *w.station->clock, settings);
  expect_refusal(revoking_syncer.apply_receipt(receipt, "test"), {"revoked", revoking.c_str()});
  auto summary = w.station->store->summary(accepted.front());
  ASSERT_OK(summary);
  assert_int_equal(static_cast<int>(summary->state), static_cast<int>(DossierState::kBatched));

  settings.registry_crls = {list_from(make_crl(w.work.path(), pki() / "registry", "clean", {}))};
  sync::Syncer clean_syncer(*w.station->store, *w.station->keys, *w.station->clock, settings);
  ASSERT_OK(clean_syncer.apply_receipt(receipt, "test"));
}

// A list counts only when its CA signed it and it is current.
void a_stale_foreign_or_forged_list_is_refused(void** state) {
  auto& w = world(state);
  const std::string id = one_batch(w);
  auto file = w.station->store->batch_content(id);
  ASSERT_OK(file);

  const fs::path stale = make_crl(w.work.path(), pki() / "stations", "stale",
                                  {.revoke = {}, .last_update = "20240101000000Z", .next_update = "20240201000000Z"});
  expect_refusal(status_of(sync::open_batch(*file, station_trust({list_from(stale)}))),
                 {stale.c_str(), "is out of date", "2024-02-01"});

  const fs::path early = make_crl(w.work.path(), pki() / "stations", "early",
                                  {.revoke = {}, .last_update = "20991201000000Z", .next_update = "20991231000000Z"});
  expect_refusal(status_of(sync::open_batch(*file, station_trust({list_from(early)}))), {early.c_str(), "check the clock"});

  const fs::path foreign = make_crl(w.work.path(), pki() / "rogue", "foreign", {});
  expect_refusal(status_of(sync::open_batch(*file, station_trust({list_from(foreign)}))),
                 {foreign.c_str(), "Rogue CA", "not the CA it is configured for"});

  // The station CA's list with one byte of its signature changed.
  sync::RevocationList forged = list_from(make_crl(w.work.path(), pki() / "stations", "forged", {}));
  forged.der[forged.der.size() - 5] ^= 0x01;
  expect_refusal(status_of(sync::open_batch(*file, station_trust({forged}))), {"does not carry a valid signature"});

  auto garbage = sync::read_revocation_list(hal::Bytes{'n', 'o', 't'}, "garbage.pem");
  assert_false(garbage.ok());
  assert_int_equal(garbage.error().code, hal::ErrorCode::kCorrupt);
  assert_non_null(strstr(garbage.error().message.c_str(), "garbage.pem does not parse"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(a_batch_whose_signer_is_revoked_is_refused, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_receipt_whose_signer_is_revoked_changes_nothing, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_stale_foreign_or_forged_list_is_refused, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
