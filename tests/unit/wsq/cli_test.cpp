// `station wsq encode|decode` and `station an2 dump` as a technician runs
// them: files written, summaries printed (text and --json), exit codes.
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "biometrics_test_support.hpp"
#include "station/biometrics/image_io.hpp"
#include "subprocess.hpp"
#include "cmocka.hpp"

namespace {

namespace bio = station::biometrics;
using testing_support::contains;
using testing_support::run;

std::string station() { return STATION_BINARY; }
std::string nist(const char* name) { return std::string(SHARED_DATA) + "/nist-an2/" + name; }

struct Folder {
  std::string path;
  Folder() {
    char name[] = "/tmp/wsq_cli_testXXXXXX";
    path = mkdtemp(name);
  }
  ~Folder() { std::filesystem::remove_all(path); }
  std::string operator/(const std::string& file) const { return path + "/" + file; }
};

void encode_then_decode_round_trips(void**) {
  Folder dir;
  auto image = biometrics_test::ridge_pattern(320, 240);
  ASSERT_OK(bio::write_image(dir / "print.pgm", image));
  auto encoded = run({station(), "wsq", "encode", dir / "print.pgm", dir / "print.wsq"});
  assert_int_equal(encoded.exit_code, 0);
  assert_true(contains(encoded.out, "320x240 pixels"));
  assert_true(contains(encoded.out, ":1 at bitrate 0.75"));
  auto decoded = run({station(), "--json", "wsq", "decode", dir / "print.wsq", dir / "back.png"});
  assert_int_equal(decoded.exit_code, 0);
  auto summary = nlohmann::json::parse(decoded.out);
  assert_int_equal(summary["width"].get<int>(), 320);
  assert_int_equal(summary["ppi"].get<int>(), 500);
  auto back = bio::read_image(dir / "back.png");
  ASSERT_OK(back);
  assert_true(bio::psnr(image, *back).value() > 28);
}

void higher_bitrate_gives_a_bigger_file(void**) {
  Folder dir;
  ASSERT_OK(bio::write_image(dir / "print.png", biometrics_test::ridge_pattern(256, 256)));
  auto low = run({station(), "wsq", "encode", dir / "print.png", dir / "low.wsq", "--json"});
  auto high = run({station(), "wsq", "encode", "--bitrate", "2.25", dir / "print.png", dir / "high.wsq", "--json"});
  assert_int_equal(low.exit_code, 0);
  assert_int_equal(high.exit_code, 0);
  assert_true(nlohmann::json::parse(high.out)["bytes"].get<int>() >
              2 * nlohmann::json::parse(low.out)["bytes"].get<int>());
  auto bad = run({station(), "wsq", "encode", "--bitrate", "0", dir / "print.png", dir / "x.wsq"});
  assert_int_equal(bad.exit_code, 2);
}

void damaged_wsq_is_exit_8_with_the_reason(void**) {
  Folder dir;
  ASSERT_OK(bio::write_file(dir / "broken.wsq", hal::Bytes{0xFF, 0xA0, 0xFF, 0xA8, 0x00}));
  auto r = run({station(), "wsq", "decode", dir / "broken.wsq", dir / "out.png"});
  assert_int_equal(r.exit_code, 8);
  assert_true(contains(r.err, "broken.wsq: WSQ:"));
  assert_false(std::filesystem::exists(dir / "out.png"));
}

void dump_lists_records_and_image_sizes(void**) {
  auto r = run({station(), "an2", "dump", nist("valid1.2.an2")});
  assert_int_equal(r.exit_code, 0);
  assert_true(contains(r.out, "4 records"));
  assert_true(contains(r.out, "Record 3: Type-4"));
  assert_true(contains(r.out, "image 512x512, WSQ"));
  assert_true(contains(r.out, "Record 4: Type-6"));
  assert_true(contains(r.out, "1.003  1<US>3<RS>2<US>00<RS>4<US>01<RS>6<US>02"));

  auto j = run({station(), "an2", "dump", nist("valid1.8.an2"), "--json"});
  assert_int_equal(j.exit_code, 0);
  auto doc = nlohmann::json::parse(j.out);
  assert_int_equal(doc["records"].size(), 5);
  const auto& finger = doc["records"][2];
  assert_int_equal(finger["type"].get<int>(), 14);
  assert_string_equal(finger["image"]["compression"].get<std::string>().c_str(), "WSQ");
  assert_int_equal(finger["image"]["wsq"]["width"].get<int>(), 1600);
}

void dump_extracts_images_as_png(void**) {
  Folder dir;
  auto r = run({station(), "an2", "dump", nist("valid1.14.an2"), "--extract", dir / "images"});
  assert_int_equal(r.exit_code, 0);
  auto image = bio::read_image(dir / "images/record3_type4.png");
  ASSERT_OK(image);
  assert_int_equal(image->width(), 784);
  assert_int_equal(image->height(), 1133);
}

void damaged_transaction_is_exit_8(void**) {
  Folder dir;
  auto bytes = bio::read_file(nist("valid1.14.an2")).value();
  bytes.resize(1000);
  ASSERT_OK(bio::write_file(dir / "cut.an2", bytes));
  auto r = run({station(), "--json", "an2", "dump", dir / "cut.an2"});
  assert_int_equal(r.exit_code, 8);
  assert_true(contains(r.err, "record 3 (Type-4): LEN"));
  assert_true(contains(nlohmann::json::parse(r.out)["error"]["message"].get<std::string>(), "cut.an2"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(encode_then_decode_round_trips),        cmocka_unit_test(higher_bitrate_gives_a_bigger_file),
      cmocka_unit_test(damaged_wsq_is_exit_8_with_the_reason), cmocka_unit_test(dump_lists_records_and_image_sizes),
      cmocka_unit_test(dump_extracts_images_as_png),           cmocka_unit_test(damaged_transaction_is_exit_8),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
