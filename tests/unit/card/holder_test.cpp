// Holder data: the Vietnamese personal ID number against the demographics,
// validation messages, and the JSON test dossier.
#include "station/biometrics/netpbm.hpp"
#include "station/card/dates.hpp"
#include "station/card/holder_json.hpp"
#include "station/card/personal_id.hpp"
#include "card_test_support.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card;
namespace biometrics = station::biometrics;

void expect_invalid(const hal::Status& s, const char* words) {
  assert_false(s.ok());
  assert_int_equal(s.error().code, hal::ErrorCode::kInvalidArgument);
  if (!strstr(s.error().message.c_str(), words)) fail_msg("'%s' lacks '%s'", s.error().message.c_str(), words);
}

void personal_id_numbers_are_the_dossiers(void**) {
  ASSERT_OK(check_personal_id("001089012345", 1989, Sex::kMale));
  ASSERT_OK(check_personal_id("079303001234", 2003, Sex::kFemale));  // Ho Chi Minh City, a woman born 2003
  expect_invalid(check_personal_id("00108901234", 1989, Sex::kMale), "has 12 digits");
  expect_invalid(check_personal_id("00108901234X", 1989, Sex::kMale), "digits only; character 12 is 'X'");
  expect_invalid(check_personal_id("003089012345", 1989, Sex::kMale), "003 are not a province code");
}

void expect_refused_date(const char* text, bool allow_partial, const char* field, const char* words) {
  auto date = parse_date(text, allow_partial, field);
  if (date.ok()) fail_msg("'%s' was taken as a date", text);
  expect_invalid(hal::Status(date.error()), words);
}

// The dossier's ISO 8601 reader with the card's rules on top.
void dates_are_read_as_the_card_allows(void**) {
  auto full = parse_date("2000-02-29", false, "date of issue");
  ASSERT_OK(full);
  assert_true(*full == (PartialDate{2000, 2, 29}));
  auto month = parse_date("2001-02", true, "date of birth");
  ASSERT_OK(month);
  assert_true(*month == (PartialDate{2001, 2, 0}));
  assert_string_equal(station::dossier::to_iso8601(*month).c_str(), "2001-02");
  ASSERT_OK(parse_date("1989", true, "date of birth"));
  expect_refused_date("2001-02-29", false, "date of issue", "date of issue: '2001-02-29' is not a date (YYYY-MM-DD)");
  expect_refused_date("2001-02", false, "date of issue", "'2001-02' is not a date");
  expect_refused_date("2001-00", true, "date of birth", "'2001-00' is not a date");
  expect_refused_date("2001-02-00", true, "date of birth", "'2001-02-00' is not a date");
  expect_refused_date("1799", true, "date of birth", "'1799' is not a date");
  expect_refused_date("20x1-01-01", true, "date of birth", "'20x1-01-01' is not a date");
}

void personal_id_must_agree_with_the_holder(void**) {
  ASSERT_OK(check_personal_id("001089012345", 1989, Sex::kMale));
  expect_invalid(check_personal_id("001089012345", 1990, Sex::kMale), "say born in 1989");
  expect_invalid(check_personal_id("001089012345", 1989, Sex::kFemale), "fourth digit says male");
  expect_invalid(check_personal_id("001189012345", 1989, Sex::kUnknown), "fourth digit says female");
}

void validation_names_the_field(void**) {
  ASSERT_OK(validate(card_test::sample_holder()));
  auto h = card_test::sample_holder();
  h.can = "12345";
  expect_invalid(validate(h), "CAN");
  h = card_test::sample_holder();
  h.date_of_expiry = {2020, 1, 1};
  expect_invalid(validate(h), "date of expiry");
  h = card_test::sample_holder();
  h.family_name = "阮";
  expect_invalid(validate(h), "family name");
  h = card_test::sample_holder();
  h.ethnicity.clear();
  expect_invalid(validate(h), "ethnicity: missing");
  h = card_test::sample_holder();
  h.issuing_state = "VN";
  expect_invalid(validate(h), "issuing state");
  h = card_test::sample_holder();
  h.document_number = "TOOLONG1234";
  expect_invalid(validate(h), "document number");
  h = card_test::sample_holder();
  h.face = {};
  expect_invalid(validate(h), "face image");
}

struct Dossier {
  card_test::TempDir dir;
  std::filesystem::path json;

  explicit Dossier(const std::string& text) : json(dir.path() / "dossier.json") {
    std::ofstream(json) << text;
    card_test::write_bytes(dir.path() / "face.pgm", biometrics::encode_netpbm(card_test::synthetic_face(60, 80, 1)));
  }
};

const char* const kValid = R"({
  "personal_id_number": "079303001234", "family_name": "Trần", "given_names": "Thị Bích Ngọc",
  "date_of_birth": "2003-11", "sex": "F", "date_of_issue": "2021-04-01", "date_of_expiry": "2028-11-30",
  "nationality_name": "Việt Nam", "ethnicity": "Kinh", "religion": "Phật giáo",
  "place_of_origin": "Huế", "place_of_residence": "Quận 1, TP Hồ Chí Minh", "can": "654321",
  "face_image": "face.pgm"
})";

void loads_a_json_dossier(void**) {
  Dossier d(kValid);
  auto h = load_holder_json(d.json);
  ASSERT_OK(h);
  assert_string_equal(h->family_name.c_str(), "Trần");
  assert_int_equal(h->date_of_birth.year, 2003);
  assert_int_equal(h->date_of_birth.month, 11);
  assert_int_equal(h->date_of_birth.day, 0);
  assert_int_equal(h->sex, Sex::kFemale);
  assert_true(h->father_name.empty());
  assert_int_equal(h->face.width, 60);
  assert_int_equal(h->face.channels, 1);
  assert_string_equal(effective_document_number(*h).c_str(), "303001234");
}

std::string with(const std::string& from, const std::string& to) {
  std::string text = kValid;
  text.replace(text.find(from), from.size(), to);
  return text;
}

void expect_json_error(const std::string& text, const char* words) {
  Dossier d(text);
  auto h = load_holder_json(d.json);
  assert_false(h.ok());
  if (!strstr(h.error().message.c_str(), words)) fail_msg("'%s' lacks '%s'", h.error().message.c_str(), words);
}

void json_dossier_errors_are_named(void**) {
  expect_json_error(with("\"can\"", "\"cann\""), "key 'cann': unknown key");
  expect_json_error(with("\"2003-11\"", "\"2003-13\""), "date_of_birth");
  expect_json_error(with("\"2021-04-01\"", "\"2021-04\""), "date_of_issue");
  expect_json_error(with("\"F\"", "\"female\""), "not M, F or X");
  expect_json_error(with("\"654321\"", "654321"), "key 'can': must be a string");
  expect_json_error(with("face.pgm", "missing.pgm"), "missing.pgm");
  expect_json_error(with("\"sex\": \"F\",", ""), "key 'sex': missing");
  expect_json_error("{ not json", "not valid JSON");
  expect_json_error("[1, 2]", "not a JSON object");
  expect_json_error(with("\"F\"", "\"M\""), "fourth digit says female");
  auto missing = load_holder_json("/nonexistent/dossier.json");
  assert_int_equal(missing.error().code, hal::ErrorCode::kNotFound);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(personal_id_numbers_are_the_dossiers),
      cmocka_unit_test(dates_are_read_as_the_card_allows),
      cmocka_unit_test(personal_id_must_agree_with_the_holder),
      cmocka_unit_test(validation_names_the_field),
      cmocka_unit_test(loads_a_json_dossier),
      cmocka_unit_test(json_dossier_errors_are_named),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
