// Numbers and sizes in manifests, batch contents and receipts come from
// other stations and the registry: a value that wraps when read as a
// signed 64-bit number, a negative size, or a size that is not the
// record's own is refused with the field named. So is a rejection whose
// dossier id or reason is not plain text (it reaches the audit log and the
// officer's terminal).
#include <nlohmann/json.hpp>

#include "station/dossier/serialization.hpp"
#include "station/sync/batch.hpp"
#include "station/sync/manifest.hpp"
#include "station/sync/receipt.hpp"
#include "cmocka.hpp"

namespace {

namespace sync = station::sync;
using nlohmann::json;

constexpr const char* kHash = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

json manifest_json(json bytes) {
  return {{"format", "station-batch-manifest"},
          {"v", 1},
          {"batch", "field-01-000001"},
          {"station", "field-01"},
          {"sequence", 1},
          {"previous", kHash},
          {"created", "2026-12-07T00:00:00Z"},
          {"dossiers", json::array({{{"id", "D1"}, {"sha256", kHash}, {"bytes", bytes}}})}};
}

json receipt_json(json sequence) {
  return {{"format", "registry-receipt"}, {"v", 1},       {"batch", "field-01-000001"}, {"batch_sha256", kHash},
          {"station", "field-01"},        {"sequence", sequence}, {"accepted", json::array({"D1"})},
          {"rejected", json::array()},    {"issued", "2026-12-07T00:00:00Z"}};
}

void expect_refused(const hal::Status& status, const char* words) {
  if (status.ok()) fail_msg("accepted; expected a refusal mentioning '%s'", words);
  if (status.error().message.find(words) == std::string::npos)
    fail_msg("'%s' does not mention '%s'", status.error().message.c_str(), words);
}

template <typename T>
hal::Status status_of(const hal::Result<T>& r) {
  if (r) return {};
  return r.error();
}

void manifest_sizes_are_not_negative_or_wrapped(void**) {
  ASSERT_OK(sync::decode_manifest(manifest_json(5).dump()));
  expect_refused(status_of(sync::decode_manifest(manifest_json(-5).dump())), "negative size of -5 bytes");
  // 2^64 - 1 reads as -1 through get<int64_t>.
  expect_refused(status_of(sync::decode_manifest(manifest_json(UINT64_MAX).dump())), "'bytes' is out of range");
  auto sequence = manifest_json(5);
  sequence["sequence"] = std::uint64_t(1) << 63;
  expect_refused(status_of(sync::decode_manifest(sequence.dump())), "'sequence' is out of range");
}

void receipt_sequence_is_a_batch_number(void**) {
  ASSERT_OK(sync::decode_receipt(receipt_json(1).dump()));
  expect_refused(status_of(sync::decode_receipt(receipt_json(-1).dump())), "'sequence' is not a batch number");
  expect_refused(status_of(sync::decode_receipt(receipt_json(0).dump())), "'sequence' is not a batch number");
  expect_refused(status_of(sync::decode_receipt(receipt_json(UINT64_MAX).dump())),
                 "'sequence' is not a batch number");
}

json receipt_rejecting(const std::string& id, const std::string& reason) {
  auto j = receipt_json(1);
  j["rejected"] = json::array({{{"id", id}, {"reason", reason}}});
  return j;
}

void a_rejection_is_plain_text(void**) {
  auto plain = sync::decode_receipt(receipt_rejecting("D2", "Ảnh chân dung không rõ: chụp lại").dump());
  ASSERT_OK(plain);
  assert_string_equal(plain->rejected.at(0).second.c_str(), "Ảnh chân dung không rõ: chụp lại");
  expect_refused(status_of(sync::decode_receipt(receipt_rejecting("D2", "ok\x1b[2J\x1b[31mforged").dump())),
                 "the reason for rejecting dossier D2 is not plain text");
  expect_refused(status_of(sync::decode_receipt(receipt_rejecting("D2", std::string(301, 'x')).dump())),
                 "the reason for rejecting dossier D2 is not plain text");
  expect_refused(status_of(sync::decode_receipt(receipt_rejecting("D2\n", "blurred face").dump())),
                 "a rejected dossier id is not an id: D2\\x0a");
  expect_refused(status_of(sync::decode_receipt(receipt_rejecting("", "blurred face").dump())),
                 "a rejected dossier id is not an id");
}

hal::Bytes content(const std::string& manifest_text, json version, const hal::Bytes& record) {
  json payload = {{"v", version},
                  {"manifest", manifest_text},
                  {"dossiers", json::array({{{"id", "D1"}, {"an2", json::binary(record)}}})}};
  return json::to_cbor(payload);
}

// A manifest listing D1, the six bytes "record" (SHA-256 as `printf record |
// sha256sum` prints it), as `claimed_bytes` long.
std::string manifest_for(std::int64_t claimed_bytes) {
  sync::Manifest m;
  m.batch_id = "field-01-000001";
  m.station_id = "field-01";
  m.sequence = 1;
  m.previous_hash = hal::Bytes(32, 0);
  m.created = "2026-12-07T00:00:00Z";
  m.dossiers.push_back({"D1", *hal::from_hex("70ce871f8a3d3fb449bc3c3ace6547cef02dfc74ffe48d912532a724bfdbe5b9"),
                        claimed_bytes});
  return sync::encode_manifest(m);
}

void batch_content_matches_its_manifest_sizes(void**) {
  const hal::Bytes record = {'r', 'e', 'c', 'o', 'r', 'd'};
  const std::string good = manifest_for(6);
  ASSERT_OK(sync::read_batch_content(content(good, 1, record), good));
  const std::string lying = manifest_for(600);
  expect_refused(status_of(sync::read_batch_content(content(lying, 1, record), lying)),
                 "holds 6 bytes; its manifest entry says 600");
  // 2^32 + 1 truncated to an int was version 1.
  expect_refused(status_of(sync::read_batch_content(content(good, (std::uint64_t(1) << 32) + 1, record), good)),
                 "unknown version");
}

void deep_or_oversized_cbor_is_refused(void**) {
  const std::string good = manifest_for(6);
  // 100 000 nested one-entry maps: nlohmann's reader recursed until the stack ran out.
  hal::Bytes deep;
  for (int i = 0; i < 100000; ++i) deep.insert(deep.end(), {0xA1, 0x61, 'a'});
  deep.push_back(0x00);
  expect_refused(status_of(sync::read_batch_content(deep, good)), "nests CBOR too deeply");
  expect_refused(status_of(station::dossier::decode_dossier(deep)), "deeper than 32 levels");
  // A list claiming 2^64-1 entries made nlohmann throw through allow_exceptions=false.
  const hal::Bytes huge = {0xA1, 0x61, 'v', 0x9B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  expect_refused(status_of(sync::read_batch_content(huge, good)), "batch content: not CBOR");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(manifest_sizes_are_not_negative_or_wrapped),
      cmocka_unit_test(receipt_sequence_is_a_batch_number),
      cmocka_unit_test(a_rejection_is_plain_text),
      cmocka_unit_test(batch_content_matches_its_manifest_sizes),
      cmocka_unit_test(deep_or_oversized_cbor_is_refused),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
