// `station capture` as an officer runs it on the synthetic rolled scanner:
// ten prints into an ANSI/NIST transaction and PNG previews, a bad roll taken
// again, exhausted attempts stopping for a supervisor, bad options named.
// The transaction is read back through `station an2 dump`, and its prints
// are decoded with our ANSI/NIST reader and WSQ decoder; what they give is
// checked against facts the test reads from the file's bytes itself (each
// Type-14 record's HLL, VLL, SLC, HPS, GCA and FGP fields, the WSQ frame
// header's size), not through the code under test.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "station/biometrics/an2.hpp"
#include "station/biometrics/an2_images.hpp"
#include "station/biometrics/wsq.hpp"
#include "subprocess.hpp"
#include "cmocka.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::contains;
using testing_support::run;

std::string station() { return STATION_BINARY; }

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("station-capture-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool is_png(const fs::path& path) { return read_all(path).rfind("\x89PNG\r\n\x1a\n", 0) == 0; }

// At half the scanner's usual frame rate, and in lockstep (the next frame
// waits until the station took the last; STATION_TEST_SCANNER), a loaded
// machine loses no frame: lost frames would change the verdicts these tests
// check (the stitcher's own tests cover lost frames).
const std::map<std::string, std::string> kLockstep{{"STATION_TEST_SCANNER", "lockstep"}};

// A Type-14 record as the test reads it from the bytes (ANSI/NIST-ITL 1-2011:
// "14.NNN:value" fields ended by GS, the record by FS, 14.999 the image).
struct PrintFacts {
  std::map<int, std::string> fields;
  std::string image;
};

std::vector<PrintFacts> type14_records(const std::string& file) {
  std::vector<PrintFacts> out;
  std::size_t at = 0;
  while (at < file.size()) {
    const std::size_t dot = file.find('.', at);
    const std::size_t colon = file.find(':', at);
    if (dot == std::string::npos || colon == std::string::npos) fail_msg("no record header at byte %zu", at);
    const int type = std::stoi(file.substr(at, dot - at));
    const std::size_t length = std::stoul(file.substr(colon + 1, file.find('\x1d', colon) - colon - 1));
    const std::string record = file.substr(at, length);
    at += length;
    if (type != 14) continue;
    PrintFacts facts;
    const std::size_t image = record.find("\x1d" "14.999:");
    if (image == std::string::npos) fail_msg("a Type-14 record without 14.999");
    facts.image = record.substr(image + 8, record.size() - image - 8 - 1);  // up to the closing FS
    std::size_t field = 0;
    while (field < image) {
      const std::size_t end = std::min(record.find('\x1d', field), image);
      const std::string text = record.substr(field, end - field);
      facts.fields[std::stoi(text.substr(3, text.find(':') - 3))] = text.substr(text.find(':') + 1);
      field = end + 1;
    }
    out.push_back(facts);
  }
  return out;
}

// Width and height from the WSQ frame header (FFA2), markers walked by length.
std::pair<int, int> wsq_frame_size(const std::string& wsq) {
  auto u16 = [&](std::size_t at) { return (static_cast<unsigned char>(wsq[at]) << 8) | static_cast<unsigned char>(wsq[at + 1]); };
  if (wsq.size() < 4 || u16(0) != 0xFFA0) fail_msg("the image is not a WSQ stream (no SOI)");
  for (std::size_t at = 2; at + 10 <= wsq.size(); at += 2 + static_cast<std::size_t>(u16(at + 2))) {
    if (u16(at) == 0xFFA2) return {u16(at + 8), u16(at + 6)};  // L, A, B, then Y (height), X (width)
  }
  fail_msg("no WSQ frame header");
  return {0, 0};
}

// Each print decoded by our reader and decoder, against the file's own facts.
void expect_decoded_prints(const fs::path& an2, const std::vector<int>& positions) {
  const std::string file = read_all(an2);
  const auto facts = type14_records(file);
  assert_int_equal(facts.size(), positions.size());
  auto parsed = station::biometrics::an2::parse(hal::ByteView(reinterpret_cast<const std::uint8_t*>(file.data()), file.size()));
  ASSERT_OK(parsed);
  std::size_t n = 0;
  for (const auto& record : parsed->records) {
    if (record.type != 14) continue;
    const PrintFacts& f = facts.at(n);
    assert_int_equal(std::stoi(f.fields.at(13)), positions.at(n));  // FGP
    assert_string_equal(f.fields.at(11).c_str(), "WSQ20");          // GCA
    assert_string_equal(f.fields.at(8).c_str(), "1");               // SLC: pixels per inch
    assert_int_equal(std::stoi(f.fields.at(9)), 500);               // HPS
    const auto [frame_width, frame_height] = wsq_frame_size(f.image);
    assert_int_equal(frame_width, std::stoi(f.fields.at(6)));       // HLL
    assert_int_equal(frame_height, std::stoi(f.fields.at(7)));      // VLL
    auto image = station::biometrics::an2::image_of(record);
    ASSERT_OK(image);
    assert_true(image->has_value());
    auto decoded = station::biometrics::wsq::decode((*image)->data);
    ASSERT_OK(decoded);
    const auto& grey = decoded->image;
    assert_int_equal(grey.width(), frame_width);
    assert_int_equal(grey.height(), frame_height);
    assert_int_equal(decoded->info.ppi, 500);
    // Ridges and valleys, not a blank or saturated frame.
    std::uint8_t darkest = 255, lightest = 0;
    for (std::uint32_t y = 0; y < grey.height(); ++y)
      for (std::uint32_t x = 0; x < grey.width(); ++x) {
        darkest = std::min(darkest, grey.at(x, y));
        lightest = std::max(lightest, grey.at(x, y));
      }
    if (darkest > 96 || lightest < 160) fail_msg("print %zu decodes flat: grey %d..%d", n, darkest, lightest);
    ++n;
  }
  assert_int_equal(n, positions.size());
}

// At half the scanner's usual frame rate a sanitizer build on a loaded
// machine keeps up with the stream: lost frames would change the verdicts
// these tests check (the stitcher's own tests cover lost frames).
fs::path slow_scanner_config() {
  static const fs::path path = [] {
    fs::path p = fs::temp_directory_path() / ("station-capture-slow-" + std::to_string(::getpid()) + ".toml");
    std::ofstream(p) << "[capture]\nframe_rate = 20\n";
    return p;
  }();
  return path;
}

nlohmann::json capture_json(const std::vector<std::string>& extra, int expected_exit) {
  std::vector<std::string> argv{station(), "--json", "--config", slow_scanner_config().string(), "capture"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto r = run(argv, kLockstep, std::chrono::minutes(10));  // a hang, not speed: a loaded machine is slow
  if (r.exit_code != expected_exit) fail_msg("exit %d, expected %d; stderr: %s", r.exit_code, expected_exit, r.err.c_str());
  return expected_exit == 0 ? nlohmann::json::parse(r.out) : nlohmann::json{{"stderr", r.err}};
}

void ten_print_writes_a_transaction_with_ten_type14_records(void**) {
  auto dir = fresh_dir("ten");
  auto doc = capture_json({"--ten-print", "--seed", "11", "-o", dir.string()}, 0);
  assert_int_equal(doc["fingers"].size(), 10);
  for (int i = 0; i < 10; ++i) {
    const auto& f = doc["fingers"][i];
    assert_int_equal(f["position"].get<int>(), i + 1);
    assert_string_equal(f["status"].get<std::string>().c_str(), "captured");
    assert_true(f["quality"].get<int>() >= 40);
    assert_true(is_png(f["attempts"].back()["preview"].get<std::string>()));
  }
  fs::path an2 = doc["transaction"].get<std::string>();
  assert_true(fs::exists(an2));

  auto dump = run({station(), "--json", "an2", "dump", an2.string()});
  assert_int_equal(dump.exit_code, 0);
  auto records = nlohmann::json::parse(dump.out)["records"];
  int type14 = 0;
  for (const auto& rec : records) type14 += rec["type"].get<int>() == 14;
  assert_int_equal(type14, 10);
  assert_int_equal(records[0]["type"].get<int>(), 1);
  expect_decoded_prints(an2, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  fs::remove_all(dir);
}

void a_too_fast_roll_is_taken_again(void**) {
  auto dir = fresh_dir("fast");
  auto doc = capture_json({"--finger", "3", "--seed", "5", "--fault", "3:too-fast@1", "-o", dir.string()}, 0);
  const auto& attempts = doc["fingers"][0]["attempts"];
  assert_int_equal(attempts.size(), 2);
  assert_string_equal(attempts[0]["result"].get<std::string>().c_str(), "too fast");
  assert_string_equal(attempts[1]["result"].get<std::string>().c_str(), "stitched");
  assert_int_equal(doc["fingers"][0]["kept_attempt"].get<int>(), 2);

  // The kept print travels as WSQ in a Type-14 record, and decodes to a PNG.
  auto extracted = dir / "extracted";
  auto dump = run({station(), "--json", "an2", "dump", doc["transaction"].get<std::string>(), "--extract", extracted.string()});
  assert_int_equal(dump.exit_code, 0);
  int images = 0;
  const auto records = nlohmann::json::parse(dump.out)["records"];
  for (const auto& rec : records) {
    if (rec["type"].get<int>() != 14) continue;
    assert_string_equal(rec["image"]["compression"].get<std::string>().c_str(), "WSQ");
    assert_true(is_png(rec["image"]["extracted"].get<std::string>()));
    ++images;
  }
  assert_int_equal(images, 1);
  expect_decoded_prints(doc["transaction"].get<std::string>(), {3});
  fs::remove_all(dir);
}

void exhausted_attempts_wait_for_a_supervisor(void**) {
  auto dir = fresh_dir("slip");
  std::vector<std::string> args{"--finger", "2", "--seed", "5", "--attempts", "2", "-o", dir.string(),
                                "--fault", "2:slip@1", "--fault", "2:slip@2"};
  auto refused = capture_json(args, 8);
  assert_true(contains(refused["stderr"], "a supervisor must decide"));

  args.insert(args.end(), {"--supervisor", "sup-01"});
  auto doc = capture_json(args, 0);
  const auto& f = doc["fingers"][0];
  assert_string_equal(f["status"].get<std::string>().c_str(), "missing");
  assert_string_equal(f["missing_code"].get<std::string>().c_str(), "UP");
  assert_string_equal(f["approved_by"].get<std::string>().c_str(), "sup-01");
  fs::remove_all(dir);
}

void bad_options_are_named(void**) {
  auto r = run({station(), "capture", "--finger", "3", "--fault", "3:sideways", "--no-transaction", "-o", "/tmp"});
  assert_int_not_equal(r.exit_code, 0);
  assert_true(contains(r.err, "unknown mode 'sideways'"));
  r = run({station(), "capture", "--finger", "11"});
  assert_int_equal(r.exit_code, 2);
  r = run({station(), "capture"});
  assert_int_not_equal(r.exit_code, 0);
  assert_true(contains(r.err, "either --finger N or --ten-print"));
  r = run({station(), "capture", "--ten-print", "--missing", "4:XX"});
  assert_int_not_equal(r.exit_code, 0);
  assert_true(contains(r.err, "supervisor"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(ten_print_writes_a_transaction_with_ten_type14_records),
      cmocka_unit_test(a_too_fast_roll_is_taken_again),
      cmocka_unit_test(exhausted_attempts_wait_for_a_supervisor),
      cmocka_unit_test(bad_options_are_named),
  };
  int failures = cmocka_run_group_tests(tests, nullptr, nullptr);
  std::filesystem::remove(slow_scanner_config());
  return failures;
}
