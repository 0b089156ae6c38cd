// The CBOR encoding: round trips, determinism (the content hash depends on
// it), a standard reading of the bytes, and decode errors that name the field.
#include <nlohmann/json.hpp>
#include <openssl/sha.h>

#include "station/dossier/serialization.hpp"
#include "cmocka.hpp"

namespace {

namespace d = station::dossier;
using nlohmann::json;

d::Capture capture(std::uint8_t fill, std::size_t size) {
  d::Capture c;
  c.format = d::ImageFormat::kWsq;
  c.width = 800;
  c.height = 750;
  c.ppi = 500;
  c.image.assign(size, fill);
  c.quality = 61;
  c.retries = 2;
  c.accepted_below_threshold = true;
  c.captured_at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1748764800123));
  return c;
}

d::Dossier sample() {
  d::Dossier dossier;
  dossier.id = "6f1c2a4e-0000-4000-8000-000000000001";
  dossier.station_id = "station-1";
  dossier.officer_id = "officer-1";
  dossier.supervisor_id = "supervisor-1";
  dossier.created_at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1748764800000));
  dossier.updated_at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1748764900000));
  dossier.demographics.full_name = "Trần Văn Đức";
  dossier.demographics.date_of_birth = {1987, 3, 0};
  dossier.demographics.sex = d::Sex::kMale;
  dossier.demographics.personal_id = "001087000001";
  dossier.face = capture(0xFA, 300);
  dossier.face->format = d::ImageFormat::kJpeg2000;
  for (int i = 0; i < d::kFingerCount; ++i) dossier.fingers[static_cast<std::size_t>(i)] = {d::FingerStatus::kCaptured, capture(static_cast<std::uint8_t>(i), 100)};
  dossier.fingers[7] = {d::FingerStatus::kAmputated, std::nullopt};
  return dossier;
}

void whole_dossier_round_trips(void**) {
  auto original = sample();
  auto decoded = d::decode_dossier(d::encode(original));
  ASSERT_OK(decoded);
  assert_true(*decoded == original);
}

void parts_round_trip_alone(void**) {
  auto original = sample();
  auto demographics = d::decode_demographics(d::encode(original.demographics));
  ASSERT_OK(demographics);
  assert_true(*demographics == original.demographics);
  auto face = d::decode_capture(d::encode(*original.face));
  ASSERT_OK(face);
  assert_true(*face == *original.face);
  auto missing = d::decode_finger_slot(d::encode(original.fingers[7]));
  ASSERT_OK(missing);
  assert_true(*missing == original.fingers[7]);
}

void encoding_is_deterministic_and_standard_cbor(void**) {
  auto original = sample();
  auto once = d::encode(original);
  auto twice = d::encode(d::decode_dossier(once).value());
  assert_true(once == twice);
  // Any CBOR reader sees the names as text and the images as byte strings.
  json parsed = json::from_cbor(once);
  assert_string_equal(parsed["demographics"]["full_name"].get<std::string>().c_str(), "Trần Văn Đức");
  assert_string_equal(parsed["demographics"]["date_of_birth"].get<std::string>().c_str(), "1987-03");
  assert_true(parsed["face"]["image"].is_binary());
  assert_int_equal(parsed["face"]["image"].get_binary().size(), 300);
  assert_string_equal(parsed["fingers"][7]["status"].get<std::string>().c_str(), "amputated");
  assert_int_equal(parsed["v"].get<int>(), 1);
}

// Bytes computed without this code: by samples/cbor_by_hand.py, a CBOR
// writer written from RFC 8949 (shortest heads, keys in byte order). The
// content hash the seal signs is the SHA-256 of these bytes, so a changed
// encoding would orphan every sealed dossier: it must fail here first.
hal::Bytes from_hex(const std::string& hex) {
  auto bytes = hal::from_hex(hex);
  if (!bytes) fail_msg("bad hex in the test");
  return *bytes;
}

std::string sha256_hex(const hal::Bytes& bytes) {
  std::uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(bytes.data(), bytes.size(), digest);
  return hal::to_hex(hal::Bytes(digest, digest + sizeof digest));
}

void encodings_are_pinned_to_independently_computed_bytes(void**) {
  const d::FingerSlot amputated{d::FingerStatus::kAmputated, std::nullopt};
  // {"status": "amputated", "v": 1}
  assert_true(d::encode(amputated) == from_hex("a26673746174757369616d70757461746564617601"));
  assert_true(d::encode(capture(0xFA, 3)) ==
              from_hex("aa781861636365707465645f62656c6f775f7468726573686f6c64f56e63617074757265645f61745f6d731b00000197"
                       "2a81347b66666f726d617463777371666865696768741902ee65696d61676543fafafa637070691901f4677175616c69"
                       "7479183d677265747269657302617601657769647468190320"));
  assert_true(d::encode(sample().demographics) ==
              from_hex("ac6d646174655f6f665f626972746867313938372d3033696574686e6963697479606b6661746865725f6e616d6560"
                       "6966756c6c5f6e616d65725472e1baa76e2056c4836e20c490e1bba9636b6d6f746865725f6e616d65606b6e617469"
                       "6f6e616c69747963564e4d6b706572736f6e616c5f69646c3030313038373030303030316f706c6163655f6f665f6f"
                       "726967696e6072706c6163655f6f665f7265736964656e6365606872656c6967696f6e6063736578646d616c6561"
                       "7601"));
  assert_string_equal(sha256_hex(d::encode(sample())).c_str(),
                      "B118ACDDB34CBAAE24A8A04F571F3E6A0C7F3C23BAC5FC37B4A309218FB375AD");
}

void expect_decode_error(const hal::Bytes& bytes, hal::ErrorCode code, const char* words) {
  auto decoded = d::decode_demographics(bytes);
  assert_false(decoded.ok());
  assert_int_equal(static_cast<int>(decoded.error().code), static_cast<int>(code));
  if (!strstr(decoded.error().message.c_str(), words)) fail_msg("'%s' does not say '%s'", decoded.error().message.c_str(), words);
}

void decode_errors_name_the_field(void**) {
  auto good = d::encode(sample().demographics);
  expect_decode_error(hal::Bytes(good.begin(), good.begin() + static_cast<long>(good.size() / 2)),
                      hal::ErrorCode::kCorrupt, "not well-formed CBOR");
  expect_decode_error(json::to_cbor(json::array({1, 2})), hal::ErrorCode::kCorrupt, "not a CBOR map");
  json j = json::from_cbor(good);
  j.erase("personal_id");
  expect_decode_error(json::to_cbor(j), hal::ErrorCode::kCorrupt, "field 'personal_id' is missing or is not text");
  j = json::from_cbor(good);
  j["sex"] = "other";
  expect_decode_error(json::to_cbor(j), hal::ErrorCode::kCorrupt, "sex 'other' is not one of: unknown, male, female");
  j = json::from_cbor(good);
  j["v"] = 2;
  expect_decode_error(json::to_cbor(j), hal::ErrorCode::kUnsupported, "format version 2");
}

void absurd_sizes_are_refused_not_thrown(void**) {
  // A map and a list claiming 2^60 entries (the fuzzer found that
  // nlohmann-json throws on these even when told not to).
  hal::Bytes huge_map{0xBB, 0x10, 0, 0, 0, 0, 0, 0, 0};
  expect_decode_error(huge_map, hal::ErrorCode::kCorrupt, "is not well-formed CBOR");
  hal::Bytes huge_list{0xA1, 0x61, 'v', 0x9B, 0x10, 0, 0, 0, 0, 0, 0, 0};
  expect_decode_error(huge_list, hal::ErrorCode::kCorrupt, "is not well-formed CBOR");
}

void display_hides_images_unless_asked(void**) {
  auto original = sample();
  auto plain = d::to_display_json(original, false);
  assert_false(plain["face"].contains("image_base64"));
  assert_int_equal(plain["face"]["image_bytes"].get<int>(), 300);
  assert_string_equal(plain["fingers"][0]["finger"].get<std::string>().c_str(), "right thumb");
  assert_string_equal(plain["demographics"]["full_name"].get<std::string>().c_str(), "Trần Văn Đức");
  auto full = d::to_display_json(original, true);
  // 300 bytes of 0xFA in base64: "+v"... 100 groups of "+vr6".
  std::string expected;
  for (int i = 0; i < 100; ++i) expected += "+vr6";
  assert_string_equal(full["face"]["image_base64"].get<std::string>().c_str(), expected.c_str());
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(whole_dossier_round_trips),
      cmocka_unit_test(parts_round_trip_alone),
      cmocka_unit_test(encoding_is_deterministic_and_standard_cbor),
      cmocka_unit_test(encodings_are_pinned_to_independently_computed_bytes),
      cmocka_unit_test(decode_errors_name_the_field),
      cmocka_unit_test(absurd_sizes_are_refused_not_thrown),
      cmocka_unit_test(display_hides_images_unless_asked),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
