// load_config(): defaults, overrides, and errors that name the key and line.
#include <cstdlib>
#include <fstream>

#include "station/config.hpp"
#include "cmocka.hpp"

namespace {

std::filesystem::path write(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("station-config-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << text;
  return path;
}

hal::Result<station::Config> load_text(const std::string& text) {
  auto path = write(text);
  auto config = station::load_config(path);
  std::filesystem::remove(path);
  return config;
}

void empty_file_gives_documented_defaults(void**) {
  auto c = load_text("");
  ASSERT_OK(c);
  assert_string_equal(c->card.reader.c_str(), "");
  assert_int_equal(c->card.max_apdu_data, 0);
  assert_int_equal(c->card.transmit_timeout.count(), 5000);
  assert_int_equal(static_cast<int>(c->keys.backend), static_cast<int>(station::KeyBackend::kPkcs11));
  assert_string_equal(c->keys.token.c_str(), "station");
  assert_string_equal(c->keys.pin_env.c_str(), "STATION_TOKEN_PIN");
}

void values_override_defaults(void**) {
  auto c = load_text(
      "[card]\nreader = \"Virtual PCD 00 00\"\nmax_apdu_data = 255\ntransmit_timeout_ms = 900\n"
      "[keys]\nbackend = \"file\"\nkey_dir = \"/etc/station/keys\"\n");
  ASSERT_OK(c);
  assert_string_equal(c->card.reader.c_str(), "Virtual PCD 00 00");
  assert_int_equal(c->card.max_apdu_data, 255);
  assert_int_equal(c->card.transmit_timeout.count(), 900);
  assert_int_equal(static_cast<int>(c->keys.backend), static_cast<int>(station::KeyBackend::kFile));
  assert_string_equal(c->keys.key_dir.c_str(), "/etc/station/keys");
}

void expect_invalid(const std::string& text, const char* words) {
  auto c = load_text(text);
  assert_false(c.ok());
  assert_int_equal(static_cast<int>(c.error().code), static_cast<int>(hal::ErrorCode::kInvalidArgument));
  if (!strstr(c.error().message.c_str(), words)) fail_msg("'%s' does not say '%s'", c.error().message.c_str(), words);
}

void wrong_type_names_the_key(void**) { expect_invalid("[card]\nmax_apdu_data = \"big\"\n", "max_apdu_data at line 2"); }
void unknown_section_is_refused(void**) { expect_invalid("[cards]\n", "unknown key 'cards'"); }
void bad_backend_is_refused(void**) { expect_invalid("[keys]\nbackend = \"hsm\"\n", "\"hsm\""); }
void zero_timeout_is_refused(void**) { expect_invalid("[card]\nwait_timeout_ms = 0\n", "wait_timeout_ms"); }
void syntax_error_names_the_line(void**) { expect_invalid("[card]\nreader = \n", "line 2"); }

void missing_file_is_not_found(void**) {
  auto c = station::load_config("/nonexistent/station.toml");
  assert_int_equal(static_cast<int>(c.error().code), static_cast<int>(hal::ErrorCode::kNotFound));
}

void shipped_file_equals_defaults(void**) {
  auto c = station::load_config(SHIPPED_CONFIG);
  ASSERT_OK(c);
  auto d = station::default_config();
  assert_string_equal(c->card.reader.c_str(), d.card.reader.c_str());
  assert_int_equal(c->card.max_apdu_data, d.card.max_apdu_data);
  assert_int_equal(c->card.transmit_timeout.count(), d.card.transmit_timeout.count());
  assert_int_equal(c->card.wait_timeout.count(), d.card.wait_timeout.count());
  assert_string_equal(c->keys.module.c_str(), d.keys.module.c_str());
  assert_string_equal(c->keys.station_key.c_str(), d.keys.station_key.c_str());
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(empty_file_gives_documented_defaults),
      cmocka_unit_test(values_override_defaults),
      cmocka_unit_test(wrong_type_names_the_key),
      cmocka_unit_test(unknown_section_is_refused),
      cmocka_unit_test(bad_backend_is_refused),
      cmocka_unit_test(zero_timeout_is_refused),
      cmocka_unit_test(syntax_error_names_the_line),
      cmocka_unit_test(missing_file_is_not_found),
      cmocka_unit_test(shipped_file_equals_defaults),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
