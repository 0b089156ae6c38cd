// Batches and receipts, judged by the real `openssl cms` tool and by changing
// their bytes: what the station writes verifies and decrypts with OpenSSL's
// command line; a changed byte anywhere is refused; a receipt that is
// forged, foreign or for another batch changes nothing in the store.
#include <nlohmann/json.hpp>

#include "drivers/key_store_factory.hpp"
#include "station/dossier/serialization.hpp"
#include "station/sync/batch.hpp"
#include "station/sync/media.hpp"
#include "station/sync/receipt.hpp"
#include "station/biometrics/an2.hpp"
#include "sync_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace sync_test;
using station::store::DossierState;
namespace sync = station::sync;

struct World {
  std::unique_ptr<Station> station;
  keys_test::TempDir work;
};

int set_up(void** state) {
  auto w = std::make_unique<World>();
  w->station = make_station("field-01");
  *state = w.release();
  return 0;
}

int tear_down(void** state) {
  delete static_cast<World*>(*state);
  return 0;
}

World& world(void** state) { return *static_cast<World*>(*state); }

// One batch of `n` dossiers; returns its id.
std::string one_batch(World& w, int n) {
  w.station->seal(n, 5500, 7);
  auto made = w.station->sync->make_batches();
  ASSERT_OK(made);
  assert_int_equal(made->size(), 1);
  return made->front();
}

// A registry's receipt for batch `id`, signed by key `key_id` of the
// key-file store in `keys_dir`.
hal::Bytes receipt_for(World& w, const std::string& id, const fs::path& keys_dir,
                       const std::vector<std::string>& accepted, const std::string& key_id = "registry-receipts") {
  return registry_receipt(*w.station->store, "field-01", id, keys_dir, accepted, key_id);
}

std::vector<std::string> ids_of(World& w, const std::string& batch) {
  auto members = w.station->store->batch_members(batch);
  ASSERT_OK(members);
  std::vector<std::string> ids;
  for (const auto& m : *members) ids.push_back(m.dossier_id);
  return ids;
}

// The dossier's ANSI/NIST transaction carries its demographics in Type-2
// and each stored finger image, byte for byte, in a Type-14 record.
void expect_record_holds(const hal::Bytes& record, const station::dossier::Dossier& stored) {
  namespace an2 = station::biometrics::an2;
  auto parsed = an2::parse(record);
  ASSERT_OK(parsed);
  std::vector<hal::Bytes> images;
  std::string name, dossier_id;
  for (const auto& r : parsed->records) {
    const auto* tagged = std::get_if<an2::TaggedRecord>(&r.body);
    if (tagged && r.type == 2) {
      name = tagged->text(18);
      dossier_id = tagged->text(200);
    }
    if (tagged && r.type == 14) {
      const an2::Field* data = tagged->find(999);
      assert_non_null(data);
      images.emplace_back(data->value.begin(), data->value.end());
    }
  }
  assert_string_equal(name.c_str(), stored.demographics.full_name.c_str());
  assert_string_equal(dossier_id.c_str(), stored.id.c_str());
  std::vector<hal::Bytes> expected;
  for (const auto& slot : stored.fingers)
    if (slot.capture) expected.push_back(slot.capture->image);
  assert_true(images == expected);
}

// Streaming changed no byte but the random ones: the plaintext is exactly
// what nlohmann::json wrote for the batch before (sync README: the CBOR
// payload), and `openssl cms -cmsout` re-encodes both the envelope and the
// signed file to the very bytes the station wrote, so their DER is the one
// OpenSSL's own CMS encoder writes.
void expect_same_bytes_as_before(World& w, const hal::Bytes& plaintext, const std::string& manifest_text,
                                 const std::vector<sync::BatchDossier>& dossiers, const fs::path& batch,
                                 const fs::path& inner) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : dossiers) list.push_back({{"id", d.id}, {"an2", nlohmann::json::binary(d.record)}});
  const nlohmann::json payload = {{"v", 1}, {"manifest", manifest_text}, {"dossiers", std::move(list)}};
  assert_true(plaintext == nlohmann::json::to_cbor(payload));
  for (const auto& der : {batch, inner}) {
    const fs::path again = w.work.path() / "again.der";
    std::string err;
    if (!openssl({"cms", "-cmsout", "-inform", "DER", "-in", der.string(), "-outform", "DER", "-out", again.string()}, &err))
      fail_msg("openssl cms -cmsout refused %s: %s", der.c_str(), err.c_str());
    if (read_bytes(again) != read_bytes(der)) fail_msg("openssl re-encodes %s differently", der.c_str());
  }
}

void openssl_verifies_and_decrypts_a_batch(void** state) {
  auto& w = world(state);
  const std::string id = one_batch(w, 3);
  auto file = w.station->store->batch_content(id);
  ASSERT_OK(file);
  const fs::path batch = w.work.path() / "b.der", inner = w.work.path() / "inner.der", plain = w.work.path() / "plain";
  write_bytes(batch, *file);
  std::string err;
  if (!openssl({"cms", "-verify", "-inform", "DER", "-binary", "-in", batch.string(), "-CAfile",
                (pki() / "stations" / "ca.cert.pem").string(), "-out", inner.string()},
               &err))
    fail_msg("openssl cms -verify refused the batch: %s", err.c_str());
  if (!openssl({"cms", "-decrypt", "-inform", "DER", "-binary", "-in", inner.string(), "-recip",
                (pki() / "registry" / "encryption.cert.pem").string(), "-inkey",
                (pki() / "registry" / "encryption.key.pem").string(), "-out", plain.string()},
               &err))
    fail_msg("openssl cms -decrypt refused the batch: %s", err.c_str());
  // The content openssl decrypted is what the station sealed.
  auto opened = sync::open_batch(*file, w.station->sync->station_trust());
  ASSERT_OK(opened);
  auto dossiers = sync::read_batch_content(read_bytes(plain), opened->manifest_text);
  ASSERT_OK(dossiers);
  assert_int_equal(dossiers->size(), 3);
  expect_same_bytes_as_before(w, read_bytes(plain), opened->manifest_text, *dossiers, batch, inner);
  for (const auto& d : *dossiers) {
    auto stored = w.station->store->load(d.id);
    ASSERT_OK(stored);
    expect_record_holds(d.record, *stored);
    auto summary = w.station->store->summary(d.id);
    ASSERT_OK(summary);
    assert_int_equal(static_cast<int>(summary->state), static_cast<int>(DossierState::kBatched));
  }
  // AES-256-GCM in AuthEnvelopedData, as openssl itself reads it.
  const fs::path printed = w.work.path() / "printed";
  assert_true(openssl({"cms", "-cmsout", "-print", "-inform", "DER", "-in", inner.string(), "-out", printed.string()}));
  auto text = read_bytes(printed);
  const std::string s(text.begin(), text.end());
  assert_true(s.find("id-smime-ct-authEnvelopedData") != std::string::npos);
  assert_true(s.find("aes-256-gcm") != std::string::npos);
  assert_true(s.find("rsaesOaep") != std::string::npos);
}

void batches_chain_and_number_per_station(void** state) {
  auto& w = world(state);
  const std::string first = one_batch(w, 2);
  const std::string second = one_batch(w, 2);
  auto a = w.station->store->batch_info(first);
  auto b = w.station->store->batch_info(second);
  ASSERT_OK(a);
  ASSERT_OK(b);
  assert_string_equal(first.c_str(), "field-01-000001");
  assert_string_equal(second.c_str(), "field-01-000002");
  assert_true(a->previous_hash == hal::Bytes(32, 0));
  assert_true(b->previous_hash == a->hash);
  auto file = w.station->store->batch_content(second);
  ASSERT_OK(file);
  auto opened = sync::open_batch(*file, w.station->sync->station_trust());
  ASSERT_OK(opened);
  assert_int_equal(opened->manifest.sequence, 2);
  assert_true(opened->manifest.previous_hash == a->hash);
  assert_int_equal(opened->manifest.dossiers.size(), 2);
}

void a_changed_byte_anywhere_in_a_batch_is_refused(void** state) {
  auto& w = world(state);
  const std::string id = one_batch(w, 1);
  auto file = w.station->store->batch_content(id);
  ASSERT_OK(file);
  const auto trust = w.station->sync->station_trust();
  ASSERT_OK(sync::open_batch(*file, trust));
  // Every byte of the structure around the ciphertext, and every 13th byte
  // of the ciphertext (the messageDigest covers it as a whole).
  int tried = 0;
  for (std::size_t i = 0; i < file->size(); ++i) {
    const bool edge = i < 1500 || i + 1500 > file->size();
    if (!edge && i % 13 != 0) continue;
    hal::Bytes changed = *file;
    changed[i] ^= 0x01;
    auto opened = sync::open_batch(changed, trust);
    if (opened) fail_msg("a batch with byte %zu of %zu changed was accepted", i, file->size());
    ++tried;
  }
  assert_true(tried > 1000);
}

void a_changed_byte_anywhere_in_a_receipt_is_refused(void** state) {
  auto& w = world(state);
  const std::string id = one_batch(w, 1);
  const hal::Bytes receipt = receipt_for(w, id, pki() / "registry" / "keys", ids_of(w, id));
  auto info = w.station->store->batch_info(id);
  ASSERT_OK(info);
  const auto trust = w.station->sync->registry_trust();
  ASSERT_OK(sync::verify_receipt(receipt, trust, id, info->hash));
  for (std::size_t i = 0; i < receipt.size(); ++i) {
    hal::Bytes changed = receipt;
    changed[i] ^= 0x01;
    if (sync::verify_receipt(changed, trust, id, info->hash))
      fail_msg("a receipt with byte %zu of %zu changed was accepted", i, receipt.size());
    if (w.station->sync->apply_receipt(changed, "test")) fail_msg("a changed receipt (byte %zu) was applied", i);
  }
  auto summary = w.station->store->summary(ids_of(w, id).front());
  ASSERT_OK(summary);
  assert_int_equal(static_cast<int>(summary->state), static_cast<int>(DossierState::kBatched));
}

// Whether `openssl cms -verify` takes `receipt` against the registry CA;
// what it verified is written to `content`.
bool openssl_verifies_receipt(World& w, const hal::Bytes& receipt, const fs::path& content, std::string* err) {
  const fs::path file = w.work.path() / "receipt.der";
  write_bytes(file, receipt);
  return openssl({"cms", "-verify", "-inform", "DER", "-binary", "-in", file.string(), "-CAfile",
                  (pki() / "registry" / "ca.cert.pem").string(), "-purpose", "any", "-out", content.string()},
                 err);
}

void openssl_verifies_a_receipt_and_refuses_a_forged_one(void** state) {
  auto& w = world(state);
  const std::string id = one_batch(w, 2);
  auto info = w.station->store->batch_info(id);
  ASSERT_OK(info);
  const hal::Bytes receipt = receipt_for(w, id, pki() / "registry" / "keys", ids_of(w, id));
  const fs::path content = w.work.path() / "receipt.json";
  std::string err;
  if (!openssl_verifies_receipt(w, receipt, content, &err)) fail_msg("openssl cms -verify refused the receipt: %s", err.c_str());
  // What openssl verified is what the station reads from the receipt.
  const hal::Bytes text = read_bytes(content);
  auto named = sync::decode_receipt(std::string(text.begin(), text.end()));
  ASSERT_OK(named);
  assert_string_equal(named->batch_id.c_str(), id.c_str());
  assert_true(named->batch_hash == info->hash);
  assert_true(named->accepted == ids_of(w, id));
  // openssl and the station refuse the same forgeries.
  hal::Bytes altered = receipt;
  altered[altered.size() - 5] ^= 0x01;  // inside the signature
  assert_false(openssl_verifies_receipt(w, altered, content, &err));
  assert_false(sync::verify_receipt(altered, w.station->sync->registry_trust(), id, info->hash).ok());
  const hal::Bytes rogue = receipt_for(w, id, pki() / "rogue" / "registry-keys", ids_of(w, id));
  assert_false(openssl_verifies_receipt(w, rogue, content, &err));
  assert_false(sync::verify_receipt(rogue, w.station->sync->registry_trust(), id, info->hash).ok());
}

// What the store holds, to show that a refused receipt changed nothing.
std::string snapshot(World& w) {
  std::string s;
  auto list = w.station->store->list({});
  ASSERT_OK(list);
  for (const auto& d : *list) s += d.id + "=" + std::string(station::store::to_string(d.state)) + ";";
  auto batches = w.station->store->list_batches(false);
  ASSERT_OK(batches);
  for (const auto& b : *batches) s += b.id + (b.receipted ? "+r;" : "-r;");
  return s;
}

void foreign_and_wrong_receipts_change_nothing(void** state) {
  auto& w = world(state);
  const std::string id = one_batch(w, 2);
  const std::string before = snapshot(w);
  // Signed by a key of an untrusted CA.
  auto rogue = w.station->sync->apply_receipt(receipt_for(w, id, pki() / "rogue" / "registry-keys", ids_of(w, id)), "t");
  assert_false(rogue.ok());
  assert_int_equal(static_cast<int>(rogue.error().code), static_cast<int>(hal::ErrorCode::kPermissionDenied));
  // Signed by the registry, for a batch this station does not hold.
  auto keys = drivers::keys::open_key_files({pki() / "registry" / "keys"});
  ASSERT_OK(keys);
  sync::Receipt other{"field-01-000099", hal::Bytes(32, 7), "field-01", 99, ids_of(w, id), {}, "2026-01-01T00:00:00Z", {}};
  auto foreign = sync::sign_receipt(other, **keys, "registry-receipts", std::chrono::system_clock::now());
  ASSERT_OK(foreign);
  auto applied = w.station->sync->apply_receipt(*foreign, "t");
  assert_false(applied.ok());
  assert_int_equal(static_cast<int>(applied.error().code), static_cast<int>(hal::ErrorCode::kFailedPrecondition));
  // Right id, wrong hash.
  other.batch_id = id;
  auto wrong_hash = sync::sign_receipt(other, **keys, "registry-receipts", std::chrono::system_clock::now());
  ASSERT_OK(wrong_hash);
  assert_false(w.station->sync->apply_receipt(*wrong_hash, "t").ok());
  // Right batch, naming a dossier it does not hold.
  auto stray = receipt_for(w, id, pki() / "registry" / "keys", {ids_of(w, id).front(), "not-a-member"});
  assert_false(w.station->sync->apply_receipt(stray, "t").ok());
  assert_string_equal(snapshot(w).c_str(), before.c_str());
  // And the genuine receipt then works.
  ASSERT_OK(w.station->sync->apply_receipt(receipt_for(w, id, pki() / "registry" / "keys", ids_of(w, id)), "t"));
  for (const auto& d : ids_of(w, id)) {
    auto summary = w.station->store->summary(d);
    ASSERT_OK(summary);
    assert_int_equal(static_cast<int>(summary->state), static_cast<int>(DossierState::kDelivered));
  }
}

// The registry CA also certifies its TLS server key and its encryption key;
// neither may sign a receipt: refused, saying why, and nothing delivered or
// purged.
void only_the_registrys_receipt_key_signs_a_receipt(void** state) {
  auto& w = world(state);
  const std::string id = one_batch(w, 2);
  const std::string before = snapshot(w);
  for (const char* key : {"tls", "encryption"}) {
    auto refused = w.station->sync->apply_receipt(receipt_for(w, id, pki() / "registry", ids_of(w, id), key), "t");
    if (refused) fail_msg("a receipt signed by the registry's %s key was applied", key);
    assert_int_equal(static_cast<int>(refused.error().code), static_cast<int>(hal::ErrorCode::kPermissionDenied));
    assert_non_null(strstr(refused.error().message.c_str(), "that certificate is not for signing receipts"));
  }
  w.station->clock->advance(std::chrono::hours(48));
  auto purged = w.station->sync->purge_due();
  ASSERT_OK(purged);
  assert_int_equal(*purged, 0);
  assert_string_equal(snapshot(w).c_str(), before.c_str());
  ASSERT_OK(w.station->sync->apply_receipt(receipt_for(w, id, pki() / "registry" / "keys", ids_of(w, id)), "t"));
}

// The file of batch `id` as the station holds it.
hal::Bytes batch_file(Station& s, const std::string& id) {
  auto bytes = s.store->batch_content(id);
  ASSERT_OK(bytes);
  return *bytes;
}

// A medium carrying `ids` of `from`, taken in by `relay`: what it took, and
// what it refused with the reason.
sync::MediaReport relay_takes(Station& from, Station& relay, const fs::path& dir, const std::vector<std::string>& ids) {
  std::vector<std::pair<std::string, hal::Bytes>> batches;
  for (const auto& id : ids) batches.emplace_back(id, batch_file(from, id));
  write_medium(from, dir, batches);
  auto report = sync::import_batches(*relay.sync, dir);
  ASSERT_OK(report);
  return *report;
}

void expect_refused(const sync::MediaReport& r, const char* words) {
  if (!r.done.empty() || r.skipped.size() != 1 || !strstr(r.skipped.front().c_str(), words)) {
    fail_msg("wanted one refusal saying '%s'; took %zu, refused: %s", words, r.done.size(),
             r.skipped.empty() ? "nothing" : r.skipped.front().c_str());
  }
}

// A station's certificate signs for that station only: a batch in another
// station's name is refused at the relay (and the registry), whoever signed.
void a_batch_speaks_only_for_its_signers_station(void** state) {
  auto& w = world(state);
  auto relay = make_station("district-01");
  const auto now = std::chrono::system_clock::now();
  sync::Manifest header{sync::batch_id_for("field-01", 1), "field-01", 1, hal::Bytes(32, 0), "2026-01-01T00:00:00Z", {}, {}};
  auto forged = sync::build_batch(header, {{"d-1", hal::Bytes(100, 1)}},
                                  certificate_der(pki() / "registry" / "encryption.cert.pem"),
                                  {relay->keys.get(), "station-ec", now});
  ASSERT_OK(forged);
  auto opened = sync::open_batch(forged->bytes, w.station->sync->station_trust());
  assert_false(opened.ok());
  assert_int_equal(static_cast<int>(opened.error().code), static_cast<int>(hal::ErrorCode::kPermissionDenied));
  assert_non_null(strstr(opened.error().message.c_str(), "names station field-01 but is signed by"));
  write_medium(*relay, w.work.path() / "forged", {{header.batch_id, forged->bytes}});
  auto report = sync::import_batches(*w.station->sync, w.work.path() / "forged");
  ASSERT_OK(report);
  expect_refused(*report, "a station signs only its own batches");
}

// A relay follows each station's chain from the first of its batches that
// reached it: a gap, an older batch after a newer one and a replayed file are
// refused with the reason; and no batch it takes in moves its own chain.
void a_relay_refuses_gaps_reorders_and_replays(void** state) {
  auto& w = world(state);
  w.station->reopen();
  w.station->sync = std::make_unique<sync::Syncer>(*w.station->store, *w.station->keys, *w.station->clock,
                                                   settings_for("field-01", 1));
  w.station->seal(3, 5500, 11);
  auto made = w.station->sync->make_batches();
  ASSERT_OK(made);
  assert_int_equal(made->size(), 3);
  const auto& b = *made;
  auto relay = make_station("district-01");
  const fs::path media = w.work.path();
  auto r = relay_takes(*w.station, *relay, media / "1", {b[0]});
  assert_int_equal(r.done.size(), 1);
  expect_refused(relay_takes(*w.station, *relay, media / "3", {b[2]}), "leaves a gap after batch 1 of field-01");
  expect_refused(relay_takes(*w.station, *relay, media / "1again", {b[0]}), "the medium replays it");
  r = relay_takes(*w.station, *relay, media / "2", {b[1]});
  assert_int_equal(r.done.size(), 1);

  auto late = make_station("district-01");
  assert_int_equal(relay_takes(*w.station, *late, media / "late3", {b[2]}).done.size(), 1);
  expect_refused(relay_takes(*w.station, *late, media / "late2", {b[1]}), "comes after batch 3 of field-01: out of order");

  // Its own batch, brought back on a medium, is not relayed; its chain stays.
  relay->seal(1, 5500, 21);
  auto own = relay->sync->make_batches();
  ASSERT_OK(own);
  expect_refused(relay_takes(*relay, *relay, media / "own", {own->front()}), "is this station's own");
  auto head = relay->store->chain_head("district-01");
  ASSERT_OK(head);
  assert_int_equal(head->next_sequence, 2);
}

void unknown_expired_and_skewed_station_certificates(void** state) {
  auto& w = world(state);
  auto rogue = make_station("rogue");
  rogue->seal(1, 5500, 3);
  auto rogue_batch = rogue->sync->make_batches();
  ASSERT_OK(rogue_batch);
  auto rogue_file = rogue->store->batch_content(rogue_batch->front());
  ASSERT_OK(rogue_file);
  auto unknown = sync::open_batch(*rogue_file, w.station->sync->station_trust());
  assert_false(unknown.ok());
  assert_int_equal(static_cast<int>(unknown.error().code), static_cast<int>(hal::ErrorCode::kPermissionDenied));

  auto expired = make_station("expired-01");
  expired->clock->set_wall(std::chrono::system_clock::time_point(std::chrono::seconds(1590000000)));  // 2020-05
  expired->seal(1, 5500, 4);
  auto made = expired->sync->make_batches();
  ASSERT_OK(made);
  auto file = expired->store->batch_content(made->front());
  ASSERT_OK(file);
  auto refused = sync::open_batch(*file, w.station->sync->station_trust());
  assert_false(refused.ok());
  assert_int_equal(static_cast<int>(refused.error().code), static_cast<int>(hal::ErrorCode::kPermissionDenied));
  assert_non_null(strstr(refused.error().message.c_str(), "expired"));
  // A verifier whose clock is behind the certificate's start.
  const std::string id = one_batch(w, 1);
  auto good = w.station->store->batch_content(id);
  ASSERT_OK(good);
  sync::Trust skewed{w.station->sync->settings().station_anchors,
                     std::chrono::system_clock::now() - std::chrono::hours(24 * 400), {}};
  auto early = sync::open_batch(*good, skewed);
  assert_false(early.ok());
  assert_non_null(strstr(early.error().message.c_str(), "not valid yet"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(openssl_verifies_and_decrypts_a_batch, set_up, tear_down),
      cmocka_unit_test_setup_teardown(batches_chain_and_number_per_station, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_changed_byte_anywhere_in_a_batch_is_refused, set_up, tear_down),
      cmocka_unit_test_setup_teardown(openssl_verifies_a_receipt_and_refuses_a_forged_one, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_changed_byte_anywhere_in_a_receipt_is_refused, set_up, tear_down),
      cmocka_unit_test_setup_teardown(foreign_and_wrong_receipts_change_nothing, set_up, tear_down),
      cmocka_unit_test_setup_teardown(unknown_expired_and_skewed_station_certificates, set_up, tear_down),
      cmocka_unit_test_setup_teardown(only_the_registrys_receipt_key_signs_a_receipt, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_batch_speaks_only_for_its_signers_station, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_relay_refuses_gaps_reorders_and_replays, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
