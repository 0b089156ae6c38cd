// The CBOR encoding: round trips, determinism (the content hash depends on
// it), a standard reading of the bytes, and decode errors that name the field.
#include <nlohmann/json.hpp>

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
      cmocka_unit_test(decode_errors_name_the_field),
      cmocka_unit_test(absurd_sizes_are_refused_not_thrown),
      cmocka_unit_test(display_hides_images_unless_asked),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
