// The 12-digit personal id number: its structure, the province table, and the
// cross-checks against date of birth and sex.
#include "station/dossier/personal_id.hpp"
#include "station/dossier/validation.hpp"
#include "cmocka.hpp"

namespace {

namespace d = station::dossier;

void expect_invalid(std::string_view id, const char* words) {
  auto parsed = d::parse_personal_id(id);
  assert_false(parsed.ok());
  assert_int_equal(static_cast<int>(parsed.error().code), static_cast<int>(hal::ErrorCode::kInvalidArgument));
  if (!strstr(parsed.error().message.c_str(), words)) fail_msg("'%s' does not say '%s'", parsed.error().message.c_str(), words);
}

void table_holds_the_63_provinces_of_circular_07_2016(void**) {
  assert_int_equal(d::province_count(), 63);
  assert_string_equal(std::string(d::province_name("001").value()).c_str(), "Hà Nội");
  assert_string_equal(std::string(d::province_name("046").value()).c_str(), "Thừa Thiên Huế");
  assert_string_equal(std::string(d::province_name("079").value()).c_str(), "Hồ Chí Minh");
  assert_string_equal(std::string(d::province_name("096").value()).c_str(), "Cà Mau");
  // Gaps in the numbering are not provinces.
  assert_false(d::province_name("003").has_value());
  assert_false(d::province_name("000").has_value());
  assert_false(d::province_name("097").has_value());
}

void century_digit_gives_birth_year_and_sex(void**) {
  struct Case {
    const char* id;
    int year;
    d::Sex sex;
  } cases[] = {
      {"001085000001", 1985, d::Sex::kMale},   {"001185000001", 1985, d::Sex::kFemale},
      {"079205123456", 2005, d::Sex::kMale},   {"079305123456", 2005, d::Sex::kFemale},
      {"096400999999", 2100, d::Sex::kMale},   {"096599000000", 2199, d::Sex::kFemale},
      {"002600000000", 2200, d::Sex::kMale},   {"002999000000", 2399, d::Sex::kFemale},
  };
  for (const auto& c : cases) {
    auto id = d::parse_personal_id(c.id);
    ASSERT_OK(id);
    assert_int_equal(id->birth_year, c.year);
    assert_int_equal(static_cast<int>(id->sex), static_cast<int>(c.sex));
  }
}

void malformed_numbers_say_what_is_wrong(void**) {
  expect_invalid("00119012345", "has 11 characters");
  expect_invalid("0011901234567", "has 13 characters");
  expect_invalid("00119O123456", "character 6 is 'O'");
  expect_invalid("003190123456", "003 are not a province code");
}

std::vector<d::FieldError> check(const char* id, d::PartialDate born, d::Sex sex) {
  d::Demographics demo;
  demo.personal_id = id;
  demo.date_of_birth = born;
  demo.sex = sex;
  return d::validate_demographics(demo, d::Stage::kDraft, {2025, 6, 1});
}

void cross_check_with_date_of_birth_and_sex(void**) {
  assert_true(check("046190123456", {1990, 5, 17}, d::Sex::kFemale).empty());
  assert_true(check("046190123456", {1990, 0, 0}, d::Sex::kFemale).empty());

  auto wrong_year = check("046190123456", {1991, 5, 17}, d::Sex::kFemale);
  assert_int_equal(wrong_year.size(), 1);
  assert_string_equal(wrong_year[0].field.c_str(), "personal_id");
  assert_non_null(strstr(wrong_year[0].message.c_str(), "born in 1990 but date_of_birth is 1991-05-17"));

  auto wrong_century = check("046290123456", {1990, 5, 17}, d::Sex::kMale);
  assert_non_null(strstr(wrong_century[0].message.c_str(), "born in 2090"));

  auto wrong_sex = check("046190123456", {1990, 5, 17}, d::Sex::kMale);
  assert_int_equal(wrong_sex.size(), 1);
  assert_non_null(strstr(wrong_sex[0].message.c_str(), "digit 4 says female but sex is male"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(table_holds_the_63_provinces_of_circular_07_2016),
      cmocka_unit_test(century_digit_gives_birth_year_and_sex),
      cmocka_unit_test(malformed_numbers_say_what_is_wrong),
      cmocka_unit_test(cross_check_with_date_of_birth_and_sex),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
