// Field-level validation: Vietnamese names in NFC, dates of birth, captures,
// the supervisor's approvals, and what a dossier needs before it is sealed.
#include "station/dossier/validation.hpp"
#include "station/dossier/vietnamese_text.hpp"
#include "cmocka.hpp"

namespace {

namespace d = station::dossier;

const d::PartialDate kToday{2025, 6, 1};

// "Nguyễn" with ễ as one character (U+1EC5), and as e + U+0302 + U+0303.
const std::string kComposed = "Nguy\xE1\xBB\x85n";
const std::string kDecomposed = "Nguye\xCC\x82\xCC\x83n";

const d::FieldError* find(const std::vector<d::FieldError>& errors, const char* field) {
  for (const auto& e : errors) {
    if (e.field == field) return &e;
  }
  return nullptr;
}

// Some error about `field` says `words`.
void expect_field(const std::vector<d::FieldError>& errors, const char* field, const char* words) {
  if (!find(errors, field)) fail_msg("no error for field %s", field);
  for (const auto& e : errors) {
    if (e.field == field && strstr(e.message.c_str(), words)) return;
  }
  fail_msg("no error for %s says '%s'; first: '%s'", field, words, find(errors, field)->message.c_str());
}

d::Demographics with_name(std::string name) {
  d::Demographics demo;
  demo.full_name = std::move(name);
  return demo;
}

void composed_names_pass_and_decomposed_are_named(void**) {
  assert_true(d::validate_demographics(with_name(kComposed + " Thị Minh Khai"), d::Stage::kDraft, kToday).empty());
  auto errors = d::validate_demographics(with_name(kDecomposed + " Văn An"), d::Stage::kDraft, kToday);
  expect_field(errors, "full_name", "not in Unicode NFC (composed) form from character 5");
}

void to_nfc_composes_what_a_keyboard_decomposed(void**) {
  auto composed = d::to_nfc(kDecomposed);
  ASSERT_OK(composed);
  assert_string_equal(composed->c_str(), kComposed.c_str());
  auto unchanged = d::to_nfc(kComposed);
  ASSERT_OK(unchanged);
  assert_string_equal(unchanged->c_str(), kComposed.c_str());
  auto broken = d::to_nfc("Nguy\xE1\xBB");
  assert_false(broken.ok());
  assert_non_null(strstr(broken.error().message.c_str(), "not valid UTF-8 at byte 5"));
}

void names_refuse_other_scripts_digits_and_stray_spaces(void**) {
  expect_field(d::validate_demographics(with_name("\xD0\x94mitri"), d::Stage::kDraft, kToday), "full_name",
               "(U+0414), which is not a letter of the Vietnamese (Latin) alphabet");
  expect_field(d::validate_demographics(with_name("Nguyen Van 2"), d::Stage::kDraft, kToday), "full_name", "'2' (U+0032)");
  expect_field(d::validate_demographics(with_name("Nguyen  Van"), d::Stage::kDraft, kToday), "full_name",
               "two spaces in a row");
  expect_field(d::validate_demographics(with_name(" Nguyen"), d::Stage::kDraft, kToday), "full_name", "starts or ends");
  expect_field(d::validate_demographics(with_name("Nguy\xC3"), d::Stage::kDraft, kToday), "full_name", "not valid UTF-8");
  // Hyphens and apostrophes occur in minority names.
  assert_true(d::validate_demographics(with_name("H'Hen Niê"), d::Stage::kDraft, kToday).empty());
}

void dates_of_birth_may_be_partial_but_not_impossible(void**) {
  auto dated = [](d::PartialDate born) {
    d::Demographics demo;
    demo.date_of_birth = born;
    return d::validate_demographics(demo, d::Stage::kDraft, kToday);
  };
  assert_true(dated({1990, 0, 0}).empty());
  assert_true(dated({1990, 5, 0}).empty());
  assert_true(dated({2000, 2, 29}).empty());
  assert_true(dated({2025, 6, 1}).empty());
  expect_field(dated({1900 - 1, 0, 0}), "date_of_birth", "before 1900");
  expect_field(dated({1990, 13, 0}), "date_of_birth", "month 13 does not exist");
  expect_field(dated({1990, 0, 12}), "date_of_birth", "has a day but no month");
  expect_field(dated({1900, 2, 29}), "date_of_birth", "1900-02-29 is not a day of the calendar");
  expect_field(dated({2025, 6, 2}), "date_of_birth", "2025-06-02 is in the future (today is 2025-06-01)");
  expect_field(dated({2025, 7, 0}), "date_of_birth", "in the future");
}

void iso8601_round_trip_of_partial_dates(void**) {
  assert_string_equal(d::to_iso8601({1987, 0, 0}).c_str(), "1987");
  assert_string_equal(d::to_iso8601({1987, 3, 0}).c_str(), "1987-03");
  assert_string_equal(d::to_iso8601({1987, 3, 9}).c_str(), "1987-03-09");
  auto parsed = d::parse_iso8601("1987-03");
  ASSERT_OK(parsed);
  assert_true((*parsed == d::PartialDate{1987, 3, 0}));
  assert_false(d::parse_iso8601("87-03").ok());
  assert_false(d::parse_iso8601("1987/03").ok());
}

d::Capture good_finger() {
  d::Capture c;
  c.format = d::ImageFormat::kWsq;
  c.width = 800;
  c.height = 750;
  c.ppi = 500;
  c.image = {1, 2, 3};
  c.quality = 70;
  return c;
}

d::Dossier complete() {
  d::Dossier dossier;
  dossier.officer_id = "officer-1";
  dossier.station_id = "station-1";
  auto& demo = dossier.demographics;
  demo.full_name = kComposed + " Thị Minh Khai";
  demo.date_of_birth = {1990, 5, 17};
  demo.sex = d::Sex::kFemale;
  demo.ethnicity = "Kinh";
  demo.place_of_origin = "Huế";
  demo.place_of_residence = "Huế";
  demo.personal_id = "046190123456";
  d::Capture face = good_finger();
  face.format = d::ImageFormat::kJpeg;
  face.ppi = 0;
  dossier.face = face;
  for (auto& slot : dossier.fingers) slot = {d::FingerStatus::kCaptured, good_finger()};
  return dossier;
}

void a_complete_dossier_may_be_sealed(void**) {
  auto errors = d::validate(complete(), d::Stage::kSeal, {}, kToday);
  if (!errors.empty()) fail_msg("%s", d::to_error(errors, "complete").message.c_str());
}

void sealing_lists_every_missing_field(void**) {
  d::Dossier empty;
  empty.officer_id = "officer-1";
  empty.station_id = "station-1";
  auto errors = d::validate(empty, d::Stage::kSeal, {}, kToday);
  for (const char* field : {"full_name", "date_of_birth", "sex", "ethnicity", "place_of_origin", "place_of_residence",
                            "personal_id", "face", "fingers[1]", "fingers[10]"}) {
    if (!find(errors, field)) fail_msg("sealing an empty dossier does not name %s", field);
  }
  expect_field(errors, "fingers[6]", "(left thumb) is not captured; capture it, or mark it amputated or unable to print");
  // A draft may be empty.
  assert_true(d::validate(empty, d::Stage::kDraft, {}, kToday).empty());
}

void low_quality_needs_retries_then_a_supervisor(void**) {
  auto dossier = complete();
  auto& capture = *dossier.fingers[2].capture;
  capture.quality = 20;
  expect_field(d::validate(dossier, d::Stage::kSeal, {}, kToday), "fingers[3]",
               "quality 20 is below 40; re-capture (0 of 3 retries used)");
  capture.accepted_below_threshold = true;
  capture.retries = 1;
  expect_field(d::validate(dossier, d::Stage::kDraft, {}, kToday), "fingers[3]", "accepted after only 1 of 3 retries");
  capture.retries = 3;
  expect_field(d::validate(dossier, d::Stage::kSeal, {}, kToday), "fingers[3]", "a supervisor must approve it");
  dossier.supervisor_id = "supervisor-9";
  assert_true(d::validate(dossier, d::Stage::kSeal, {}, kToday).empty());
}

void missing_fingers_need_a_supervisor_who_is_not_the_officer(void**) {
  auto dossier = complete();
  dossier.fingers[9] = {d::FingerStatus::kAmputated, std::nullopt};
  dossier.fingers[4] = {d::FingerStatus::kUnableToPrint, std::nullopt};
  auto errors = d::validate(dossier, d::Stage::kSeal, {}, kToday);
  expect_field(errors, "fingers[10]", "(left little) is marked amputated; a supervisor must approve");
  expect_field(errors, "fingers[5]", "unable-to-print");
  dossier.supervisor_id = dossier.officer_id;
  expect_field(d::validate(dossier, d::Stage::kSeal, {}, kToday), "supervisor_id", "the officer's own id");
  dossier.supervisor_id = "supervisor-9";
  assert_true(d::validate(dossier, d::Stage::kSeal, {}, kToday).empty());
}

void captures_must_be_plausible(void**) {
  auto dossier = complete();
  dossier.fingers[0].capture->ppi = 300;
  dossier.fingers[1].capture->image.clear();
  dossier.fingers[3] = {d::FingerStatus::kAmputated, good_finger()};
  dossier.face->format = d::ImageFormat::kWsq;
  dossier.face->quality = 101;
  auto errors = d::validate(dossier, d::Stage::kDraft, {}, kToday);
  expect_field(errors, "fingers[1]", "300 ppi is below the 500 ppi");
  expect_field(errors, "fingers[2]", "has no image data");
  expect_field(errors, "fingers[4]", "holds an image but is marked amputated");
  expect_field(errors, "face", "cannot be WSQ");
}

void to_error_lists_fields_in_one_sentence(void**) {
  auto error = d::to_error({{"full_name", "is empty"}, {"sex", "is required"}}, "dossier X cannot be sealed");
  assert_int_equal(static_cast<int>(error.code), static_cast<int>(hal::ErrorCode::kInvalidArgument));
  assert_string_equal(error.message.c_str(), "dossier X cannot be sealed: full_name: is empty; sex: is required");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(composed_names_pass_and_decomposed_are_named),
      cmocka_unit_test(to_nfc_composes_what_a_keyboard_decomposed),
      cmocka_unit_test(names_refuse_other_scripts_digits_and_stray_spaces),
      cmocka_unit_test(dates_of_birth_may_be_partial_but_not_impossible),
      cmocka_unit_test(iso8601_round_trip_of_partial_dates),
      cmocka_unit_test(a_complete_dossier_may_be_sealed),
      cmocka_unit_test(sealing_lists_every_missing_field),
      cmocka_unit_test(low_quality_needs_retries_then_a_supervisor),
      cmocka_unit_test(missing_fingers_need_a_supervisor_who_is_not_the_officer),
      cmocka_unit_test(captures_must_be_plausible),
      cmocka_unit_test(to_error_lists_fields_in_one_sentence),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
