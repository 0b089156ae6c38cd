// load_config(): defaults, overrides, and errors that name the key and line.
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

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

void store_section_overrides_and_defaults(void**) {
  auto c = load_text("[store]\npath = \"/var/lib/station/station.db\"\nstation_id = \"hue-07\"\naudit_sign_every = 10\n");
  ASSERT_OK(c);
  assert_string_equal(c->store.path.c_str(), "/var/lib/station/station.db");
  assert_string_equal(c->store.station_id.c_str(), "hue-07");
  assert_int_equal(c->store.audit_sign_every, 10);
  assert_string_equal(c->store.wrap_key.c_str(), "station-rsa");
  assert_int_equal(c->store.min_free_mb, 64);
  assert_string_equal(station::store_database_path(c->store).c_str(), "/var/lib/station/station.db");
  station::StoreConfig defaults;
  setenv("STATION_DATA_DIR", "/srv/station", 1);
  assert_string_equal(station::store_database_path(defaults).c_str(), "/srv/station/station.db");
  unsetenv("STATION_DATA_DIR");
  assert_string_equal(station::store_database_path(defaults).c_str(), "station-data/station.db");
}

void expect_invalid(const std::string& text, const char* words) {
  auto c = load_text(text);
  assert_false(c.ok());
  assert_int_equal(static_cast<int>(c.error().code), static_cast<int>(hal::ErrorCode::kInvalidArgument));
  if (!strstr(c.error().message.c_str(), words)) fail_msg("'%s' does not say '%s'", c.error().message.c_str(), words);
}

void expect_invalid_path(const std::string& path, const char* words) {
  auto c = station::load_config(path);
  assert_false(c.ok());
  assert_int_equal(static_cast<int>(c.error().code), static_cast<int>(hal::ErrorCode::kInvalidArgument));
  if (!strstr(c.error().message.c_str(), words)) fail_msg("'%s' does not say '%s'", c.error().message.c_str(), words);
}

void wrong_type_names_the_key(void**) { expect_invalid("[card]\nmax_apdu_data = \"big\"\n", "max_apdu_data at line 2"); }
// A number with a fraction or an exponent is not an integer, however large.
// (toml++ cast 9.3e52 to int64 unchecked: undefined behaviour that clang's
// UBSan showed in fuzz_config; its corpus keeps that input as a seed.)
void a_float_where_an_integer_belongs_is_the_wrong_type(void**) {
  expect_invalid("[store]\nmin_free_mb = 9.33724e52\n", "min_free_mb at line 2 has the wrong type");
  expect_invalid("[card]\nmax_apdu_data = 1.5\n", "max_apdu_data at line 2 has the wrong type");
}
void unknown_section_is_refused(void**) { expect_invalid("[cards]\n", "unknown key 'cards'"); }
void bad_backend_is_refused(void**) { expect_invalid("[keys]\nbackend = \"hsm\"\n", "\"hsm\""); }
void zero_timeout_is_refused(void**) { expect_invalid("[card]\nwait_timeout_ms = 0\n", "wait_timeout_ms"); }
// The station id names files on media and parts of URLs: its syntax is strict.
void a_station_id_outside_the_syntax_is_refused(void**) {
  expect_invalid("[store]\nstation_id = \"../../../x\"\n", "[store] station_id '../../../x' is not a station id");
  expect_invalid("[store]\nstation_id = \"\"\n", "is not a station id");
  expect_invalid("[store]\nstation_id = \"-field\"\n", "is not a station id");
  expect_invalid("[store]\nstation_id = \"field 01\"\n", "is not a station id");
  expect_invalid("[store]\nstation_id = \"field-01234567890123456789012345678\"\n", "is not a station id");
}

void negative_store_values_are_refused(void**) { expect_invalid("[store]\nmin_free_mb = -1\n", "min_free_mb"); }
void capture_values_are_range_checked(void**) {
  expect_invalid("[capture]\nmax_attempts = 0\n", "max_attempts = 0 at line 2 is out of range: it must be 1..10");
  expect_invalid("[capture]\nmin_quality = 101\n", "min_quality = 101 at line 2 is out of range: it must be 0..100");
  expect_invalid("[capture]\nframe_rate = 0.5\n", "frame_rate = 0.500000 is out of range: it must be 1..200");
  expect_invalid("[capture]\nattempts = 2\n", "unknown key 'attempts' in [capture]");
  expect_invalid("[capture]\nscanner = \"serial\"\n", "[capture] scanner must be \"synthetic\" or \"usb\", not \"serial\"");
}

void capture_section_overrides_defaults(void**) {
  auto c = load_text("[capture]\nmax_attempts = 5\nmin_quality = 55\nframe_rate = 60\n");
  ASSERT_OK(c);
  assert_int_equal(c->capture.max_attempts, 5);
  assert_int_equal(c->capture.min_quality, 55);
  assert_true(c->capture.frame_rate == 60.0);
  assert_true(c->capture.scanner == station::ScannerBackend::kSynthetic);
  auto usb = load_text("[capture]\nscanner = \"usb\"\nscanner_serial = \"0123456789ABCDEF\"\n");
  ASSERT_OK(usb);
  assert_true(usb->capture.scanner == station::ScannerBackend::kUsb);
  assert_string_equal(usb->capture.scanner_serial.c_str(), "0123456789ABCDEF");
}

void sync_values_are_checked(void**) {
  expect_invalid("[sync]\nregistry_url = \"http://registry\"\n", "registry_url must start with https://");
  expect_invalid("[sync]\nmax_dossiers = 0\n", "max_dossiers = 0 at line 2 is out of range: it must be 1..10000");
  expect_invalid("[sync]\nchunk_kb = 1\n", "chunk_kb = 1 at line 2 is out of range: it must be 16..65536");
  expect_invalid("[sync]\nretention = 3\n", "unknown key 'retention' in [sync]");
  auto c = load_text("[sync]\nregistry_url = \"https://127.0.0.1:9443\"\ntls_key = \"pkcs11:token=station\"\n"
                     "retention_days = 30\nmax_kbps = 64\n");
  ASSERT_OK(c);
  assert_string_equal(c->sync.registry_url.c_str(), "https://127.0.0.1:9443");
  assert_string_equal(c->sync.tls_key.c_str(), "pkcs11:token=station");
  assert_int_equal(c->sync.retention_days, 30);
  assert_int_equal(c->sync.max_kbps, 64);
  assert_int_equal(c->sync.max_dossiers, 100);
}

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
  assert_string_equal(c->store.path.c_str(), d.store.path.c_str());
  assert_string_equal(c->store.station_id.c_str(), d.store.station_id.c_str());
  assert_string_equal(c->store.wrap_key.c_str(), d.store.wrap_key.c_str());
  assert_int_equal(c->store.audit_sign_every, d.store.audit_sign_every);
  assert_int_equal(c->store.min_free_mb, d.store.min_free_mb);
  assert_int_equal(c->capture.max_attempts, d.capture.max_attempts);
  assert_int_equal(c->capture.min_quality, d.capture.min_quality);
  assert_true(c->capture.frame_rate == d.capture.frame_rate);
  assert_string_equal(c->sync.registry_url.c_str(), d.sync.registry_url.c_str());
  assert_string_equal(c->sync.registry_agency.c_str(), d.sync.registry_agency.c_str());
  assert_int_equal(c->sync.max_dossiers, d.sync.max_dossiers);
  assert_int_equal(c->sync.max_batch_mb, d.sync.max_batch_mb);
  assert_int_equal(c->sync.retention_days, d.sync.retention_days);
  assert_int_equal(c->sync.chunk_kb, d.sync.chunk_kb);
  assert_int_equal(c->sync.max_kbps, d.sync.max_kbps);
  assert_int_equal(c->sync.max_attempts, d.sync.max_attempts);
  assert_int_equal(c->sync.stall_timeout_s, d.sync.stall_timeout_s);
}


// Every numeric key station.toml documents carries "range: MIN..MAX"; the
// loader takes both ends and refuses one past each, naming key, value and
// range. Keys come from the shipped file, so a key added without a range, or
// a range the loader does not enforce, fails here.
struct DocumentedRange {
  std::string section, key;
  long long min, max;
};

std::vector<DocumentedRange> documented_ranges() {
  std::ifstream in(SHIPPED_CONFIG);
  std::vector<DocumentedRange> out;
  std::string line, section;
  while (std::getline(in, line)) {
    if (line.rfind("[", 0) == 0) section = line.substr(1, line.find(']') - 1);
    if (line.empty() || line[0] == '#' || line.find('=') == std::string::npos) continue;
    const std::string key = line.substr(0, line.find_first_of(" ="));
    const std::string value = line.substr(line.find('=') + 1, line.find('#') - line.find('=') - 1);
    const bool numeric = value.find_first_of("\"") == std::string::npos;
    const auto at = line.find("# range: ");
    if (!numeric) continue;
    if (at == std::string::npos) fail_msg("[%s] %s has no documented range", section.c_str(), key.c_str());
    const std::string range = line.substr(at + 9);
    out.push_back({section, key, std::stoll(range.substr(0, range.find(".."))), std::stoll(range.substr(range.find("..") + 2))});
  }
  return out;
}

void every_numeric_key_is_checked_against_its_documented_range(void**) {
  const auto ranges = documented_ranges();
  assert_true(ranges.size() >= 20);
  for (const auto& r : ranges) {
    const bool real = r.key == "frame_rate";
    auto text = [&](long long v) {
      return "[" + r.section + "]\n" + r.key + " = " + std::to_string(v) + (real ? ".0" : "") + "\n";
    };
    for (long long ok : {r.min, r.max}) {
      auto c = load_text(text(ok));
      if (!c.ok()) fail_msg("[%s] %s = %lld refused: %s", r.section.c_str(), r.key.c_str(), ok, c.error().message.c_str());
    }
    for (long long bad : {r.min - 1, r.max + 1}) {
      auto c = load_text(text(bad));
      if (c.ok()) fail_msg("[%s] %s = %lld was taken", r.section.c_str(), r.key.c_str(), bad);
      const std::string range = std::to_string(r.min) + ".." + std::to_string(r.max);
      for (const std::string& need : {r.key, std::to_string(bad), range})
        if (c.error().message.find(need) == std::string::npos)
          fail_msg("'%s' does not say '%s'", c.error().message.c_str(), need.c_str());
    }
  }
}

void a_huge_duration_is_refused_not_wrapped(void**) {
  expect_invalid("[officers]\nidle_lock_s = 9223372036854775807\n", "idle_lock_s = 9223372036854775807 at line 2 is out of range");
  expect_invalid("[store]\naudit_sign_every = 4294967296\n", "audit_sign_every = 4294967296 at line 2 is out of range");
}

void a_config_that_is_not_a_regular_file_is_refused(void**) {
  expect_invalid_path("/tmp", "is a folder");
  expect_invalid_path("/dev/null", "is a device");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(empty_file_gives_documented_defaults),
      cmocka_unit_test(values_override_defaults),
      cmocka_unit_test(wrong_type_names_the_key),
      cmocka_unit_test(a_float_where_an_integer_belongs_is_the_wrong_type),
      cmocka_unit_test(unknown_section_is_refused),
      cmocka_unit_test(bad_backend_is_refused),
      cmocka_unit_test(zero_timeout_is_refused),
      cmocka_unit_test(sync_values_are_checked),
      cmocka_unit_test(syntax_error_names_the_line),
      cmocka_unit_test(store_section_overrides_and_defaults),
      cmocka_unit_test(negative_store_values_are_refused),
      cmocka_unit_test(capture_values_are_range_checked),
      cmocka_unit_test(capture_section_overrides_defaults),
      cmocka_unit_test(a_station_id_outside_the_syntax_is_refused),
      cmocka_unit_test(missing_file_is_not_found),
      cmocka_unit_test(shipped_file_equals_defaults),
      cmocka_unit_test(every_numeric_key_is_checked_against_its_documented_range),
      cmocka_unit_test(a_huge_duration_is_refused_not_wrapped),
      cmocka_unit_test(a_config_that_is_not_a_regular_file_is_refused),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
