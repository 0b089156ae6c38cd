// `enroll --from FILE.json` read through one typed accessor: every key with
// every wrong JSON type is a refusal naming the file, the key and the type it
// wanted, never an exception. The same accessor reads `card personalize
// --from` (station-app/card/src/holder_json.cpp).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hal/files.hpp"
#include "station/workflow/demographic_fields.hpp"
#include "station/workflow/enrollment_file.hpp"
#include "cmocka.hpp"

namespace {

using nlohmann::json;
namespace wf = station::workflow;

json example() {
  auto text = hal::read_regular_text_file(EXAMPLE_ENROLLMENT, hal::kEnrollmentFile);
  if (!text) fail_msg("%s", text.error().message.c_str());
  return json::parse(*text);
}

void the_documented_example_reads(void**) {
  auto file = wf::parse_enrollment_json(example().dump(), "example.json");
  ASSERT_OK(file);
  assert_string_equal(file->face.c_str(), "face.pgm");
  assert_int_equal(file->scanner_seed, 7);
  assert_string_equal(file->demographics.personal_id.c_str(), "001089012345");
}

void expect_refused(const json& doc, const std::string& key, const std::string& words) {
  auto r = wf::parse_enrollment_json(doc.dump(), "in.json");
  if (r.ok()) fail_msg("%s was taken", doc.dump().c_str());
  assert_int_equal(static_cast<int>(r.error().code), static_cast<int>(hal::ErrorCode::kInvalidArgument));
  for (const std::string& need : {std::string("in.json"), "key '" + key + "'", words})
    if (r.error().message.find(need) == std::string::npos)
      fail_msg("'%s' does not say '%s'", r.error().message.c_str(), need.c_str());
}

const std::vector<json>& wrong_values() {
  static const std::vector<json> values{json(42), json(-1), json(1.5), json(true), json(nullptr), json::array({"a"}),
                                        json::object({{"a", 1}})};
  return values;
}

void every_text_key_with_every_other_type_is_named(void**) {
  std::vector<std::string> keys{"face"};
  for (const auto& f : wf::demographic_fields()) keys.push_back(f.name);
  for (const auto& key : keys)
    for (const auto& value : wrong_values()) {
      json doc = example();
      doc[key] = value;
      expect_refused(doc, key, "must be a string");
    }
}

void the_seed_with_every_other_type_is_named(void**) {
  for (const json& value : {json("7"), json(1.5), json(true), json(nullptr), json::array({7}), json::object()}) {
    json doc = example();
    doc["scanner_seed"] = value;
    expect_refused(doc, "scanner_seed", "must be a whole number");
  }
  json doc = example();
  doc["scanner_seed"] = -3;
  expect_refused(doc, "scanner_seed", "not negative");
}

void unknown_missing_and_not_objects_are_refused(void**) {
  json doc = example();
  doc["fase"] = "face.pgm";
  expect_refused(doc, "fase", "unknown key");
  doc = example();
  doc.erase("face");
  expect_refused(doc, "face", "missing");
  doc = example();
  doc["sex"] = "Q";
  expect_refused(doc, "sex", "answer M (male) or F (female)");
  for (const char* text : {"[]", "42", "\"x\"", "{", ""}) {
    auto r = wf::parse_enrollment_json(text, "in.json");
    assert_false(r.ok());
    assert_non_null(strstr(r.error().message.c_str(), "in.json"));
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(the_documented_example_reads),
      cmocka_unit_test(every_text_key_with_every_other_type_is_named),
      cmocka_unit_test(the_seed_with_every_other_type_is_named),
      cmocka_unit_test(unknown_missing_and_not_objects_are_refused),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
