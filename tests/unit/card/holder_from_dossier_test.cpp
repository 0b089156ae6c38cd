// A dossier as the card takes it: the expiry dates the 2023 Law on
// Identification sets (worked out by hand below), the name split, the
// defaults, and each refusal naming its field.
#include <set>

#include "station/card/face_group.hpp"
#include "station/card/holder_from_dossier.hpp"
#include "station/biometrics/jpeg2000.hpp"
#include "card_test_support.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card;
namespace biometrics = station::biometrics;
namespace dossier = station::dossier;

void expect_date(const PartialDate& got, int year, int month, int day) {
  if (got.year != year || got.month != month || got.day != day) {
    fail_msg("got %04d-%02d-%02d, wanted %04d-%02d-%02d", got.year, got.month, got.day, year, month, day);
  }
}

void expiry_follows_the_renewal_ages(void**) {
  const PartialDate birth{2010, 3, 15};
  expect_date(date_of_expiry(birth, {2020, 1, 10}), 2024, 3, 15);   // age 9: renew at 14
  expect_date(date_of_expiry(birth, {2022, 3, 14}), 2024, 3, 15);   // a day before 12: still 14
  expect_date(date_of_expiry(birth, {2022, 3, 15}), 2035, 3, 15);   // 12: within two years of 14, lasts to 25
  expect_date(date_of_expiry(birth, {2030, 6, 1}), 2035, 3, 15);    // 20: renew at 25
  expect_date(date_of_expiry(birth, {2034, 6, 1}), 2050, 3, 15);    // 24: lasts to 40
  expect_date(date_of_expiry(birth, {2049, 1, 1}), 2070, 3, 15);    // 38: lasts to 60
  expect_date(date_of_expiry(birth, {2067, 3, 14}), 2070, 3, 15);   // 56 and a bit: 60
  expect_date(date_of_expiry(birth, {2068, 3, 15}), 2110, 3, 15);   // 58: no end, the MRZ says 100
}

void expiry_of_unusual_birth_dates(void**) {
  expect_date(date_of_expiry({2004, 2, 29}, {2020, 5, 1}), 2029, 2, 28);  // 25th birthday in a common year
  expect_date(date_of_expiry({2000, 2, 29}, {2030, 5, 1}), 2040, 2, 29);  // 2040 is a leap year
  expect_date(date_of_expiry({1990, 0, 0}, {2026, 12, 6}), 2030, 1, 1);   // year only: the first of January
  expect_date(date_of_expiry({1990, 7, 0}, {2026, 12, 6}), 2030, 7, 1);   // year and month
}

dossier::Dossier sample() {
  dossier::Dossier d;
  d.id = "d-1";
  auto& demo = d.demographics;
  demo.full_name = "Nguyễn Văn An";
  demo.date_of_birth = {1989, 5, 17};
  demo.sex = dossier::Sex::kMale;
  demo.ethnicity = "Kinh";
  demo.place_of_origin = "Hà Nội";
  demo.place_of_residence = "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội";
  demo.personal_id = "001089012345";
  demo.father_name = "Nguyễn Văn Bình";
  demo.mother_name = "Trần Thị Cúc";
  auto face = biometrics::encode_jpeg2000(card_test::synthetic_face(120, 160, 3), 6000);
  if (!face) fail_msg("jpeg2000: %s", face.error().message.c_str());
  dossier::Capture capture;
  capture.format = dossier::ImageFormat::kJpeg2000;
  capture.width = 120;
  capture.height = 160;
  capture.image = *face;
  d.face = capture;
  return d;
}

void a_complete_dossier_becomes_a_holder(void**) {
  auto holder = holder_from_dossier(sample(), {{2026, 12, 6}, "123456"});
  ASSERT_OK(holder);
  assert_string_equal(holder->family_name.c_str(), "Nguyễn");
  assert_string_equal(holder->given_names.c_str(), "Văn An");
  assert_string_equal(holder->religion.c_str(), "Không");
  assert_string_equal(holder->nationality_name.c_str(), "Việt Nam");
  assert_string_equal(holder->can.c_str(), "123456");
  expect_date(holder->date_of_issue, 2026, 12, 6);
  expect_date(holder->date_of_expiry, 2029, 5, 17);  // 37 at issue: renew at 40
  assert_int_equal(holder->face.width, 120);
  assert_int_equal(holder->face.height, 160);
  assert_string_equal(effective_document_number(*holder).c_str(), "089012345");
}

// The face was coded once, at enrollment: DG2 carries those bytes, not a
// second (lossy) coding of their pixels.
void the_enrolled_face_goes_to_the_card_as_coded(void**) {
  const dossier::Dossier d = sample();
  auto holder = holder_from_dossier(d, {{2026, 12, 6}, "123456"});
  ASSERT_OK(holder);
  assert_true(holder->face_jpeg2000 == d.face->image);
  auto dg2 = make_dg2_from_jpeg2000(holder->face_jpeg2000, holder->face, holder->sex);
  ASSERT_OK(dg2);
  auto record = parse_dg2(*dg2);
  ASSERT_OK(record);
  assert_true(record->image == d.face->image);
  assert_int_equal(record->width, 120);
  assert_int_equal(record->height, 160);
  assert_false(record->grey);
}

void expect_refused(const dossier::Dossier& d, hal::ErrorCode code, const char* words) {
  auto holder = holder_from_dossier(d, {{2026, 12, 6}, "123456"});
  assert_false(holder.ok());
  assert_int_equal(holder.error().code, code);
  if (!strstr(holder.error().message.c_str(), words)) fail_msg("'%s' lacks '%s'", holder.error().message.c_str(), words);
}

void what_the_card_cannot_carry_is_named(void**) {
  auto one_word = sample();
  one_word.demographics.full_name = "An";
  expect_refused(one_word, hal::ErrorCode::kInvalidArgument, "needs a family name and a given name");
  auto no_sex = sample();
  no_sex.demographics.sex = dossier::Sex::kUnknown;
  expect_refused(no_sex, hal::ErrorCode::kInvalidArgument, "sex is not recorded");
  auto no_birth = sample();
  no_birth.demographics.date_of_birth = {};
  expect_refused(no_birth, hal::ErrorCode::kInvalidArgument, "date of birth is not recorded");
  auto no_face = sample();
  no_face.face.reset();
  expect_refused(no_face, hal::ErrorCode::kInvalidArgument, "no face image");
  auto jpeg = sample();
  jpeg.face->format = dossier::ImageFormat::kJpeg;
  expect_refused(jpeg, hal::ErrorCode::kUnsupported, "the face image is jpeg");
  auto broken = sample();
  broken.face->image.resize(broken.face->image.size() / 3);
  expect_refused(broken, hal::ErrorCode::kCorrupt, "the dossier's face image");
  auto wrong_id = sample();
  wrong_id.demographics.personal_id = "001090012345";
  expect_refused(wrong_id, hal::ErrorCode::kInvalidArgument, "1990");
}

void access_numbers_are_six_random_digits(void**) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto can = random_can();
    ASSERT_OK(can);
    assert_int_equal(can->size(), 6);
    for (char c : *can) assert_true(c >= '0' && c <= '9');
    seen.insert(*can);
  }
  assert_true(seen.size() > 190);  // 200 draws from a million rarely repeat
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(expiry_follows_the_renewal_ages),
      cmocka_unit_test(expiry_of_unusual_birth_dates),
      cmocka_unit_test(a_complete_dossier_becomes_a_holder),
      cmocka_unit_test(the_enrolled_face_goes_to_the_card_as_coded),
      cmocka_unit_test(what_the_card_cannot_carry_is_named),
      cmocka_unit_test(access_numbers_are_six_random_digits),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
