// The station program as a user meets it: help, exit codes, configuration
// errors and a missing PC/SC service. Runs without the rig (and holds the
// pcscd lock so that no rig test's pcscd is up meanwhile).
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "subprocess.hpp"
#include "cmocka.hpp"

namespace {

using testing_support::contains;
using testing_support::run;

std::string station() { return STATION_BINARY; }

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/" + name;
  std::ofstream(path) << text;
  return path;
}

void help_lists_commands_and_exit_codes(void**) {
  auto r = run({station(), "--help"});
  assert_int_equal(r.exit_code, 0);
  assert_true(contains(r.out, "devices"));
  assert_true(contains(r.out, "card"));
  assert_true(contains(r.out, "Exit codes:"));
  assert_true(contains(r.out, "70  internal error"));
}

void unknown_command_is_a_usage_error(void**) {
  auto r = run({station(), "frobnicate"});
  assert_int_equal(r.exit_code, 2);
}

void missing_config_file_is_exit_3(void**) {
  auto r = run({station(), "--config", "/nonexistent/station.toml", "devices"});
  assert_int_equal(r.exit_code, 3);
  assert_true(contains(r.err, "/nonexistent/station.toml"));
}

void unknown_config_key_is_named_with_its_line(void**) {
  auto path = write_temp("station-cli-bad.toml", "[card]\nreader = \"\"\nmax_apdu_dta = 255\n");
  auto r = run({station(), "--config", path, "devices"});
  assert_int_equal(r.exit_code, 3);
  assert_true(contains(r.err, "unknown key 'max_apdu_dta' in [card] at line 3"));
  std::remove(path.c_str());
}

void out_of_range_config_value_is_refused(void**) {
  auto path = write_temp("station-cli-range.toml", "[card]\nmax_apdu_data = 70000\n");
  auto r = run({station(), "--config", path, "devices"});
  assert_int_equal(r.exit_code, 3);
  assert_true(contains(r.err, "max_apdu_data"));
  std::remove(path.c_str());
}

void shipped_config_file_loads(void**) {
  auto r = run({station(), "--config", SHIPPED_CONFIG, "--help"});
  assert_int_equal(r.exit_code, 0);
  auto d = run({station(), "--config", SHIPPED_CONFIG, "--json", "devices"}, {{"FP_VIRTUAL_IMAGE", ""}});
  assert_int_equal(d.exit_code, 0);
}

void probe_without_pcscd_says_unavailable(void**) {
  auto r = run({station(), "card", "probe", "--wait", "1"});
  assert_int_equal(r.exit_code, 4);
  assert_true(contains(r.err, "unavailable"));
}

void devices_without_pcscd_reports_the_section(void**) {
  auto r = run({station(), "--json", "devices"}, {{"FP_VIRTUAL_IMAGE", ""}});
  assert_int_equal(r.exit_code, 0);
  assert_true(contains(r.out, "\"card_readers\": {\n    \"error\""));
  assert_true(contains(r.out, "\"key_tokens\""));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(help_lists_commands_and_exit_codes),
      cmocka_unit_test(unknown_command_is_a_usage_error),
      cmocka_unit_test(missing_config_file_is_exit_3),
      cmocka_unit_test(unknown_config_key_is_named_with_its_line),
      cmocka_unit_test(out_of_range_config_value_is_refused),
      cmocka_unit_test(shipped_config_file_loads),
      cmocka_unit_test(probe_without_pcscd_says_unavailable),
      cmocka_unit_test(devices_without_pcscd_reports_the_section),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
