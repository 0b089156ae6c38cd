// `station an2 dump --extract` on transactions made here in the layouts that
// used to stop it: a WSQ image padded as NIST's encoder pads, an
// uncompressed RGB iris (Type-17), Type-7 records in the layouts senders
// use, and records it cannot read, which are reported while every other
// image is still written.
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "biometrics_test_support.hpp"
#include "cmocka.hpp"
#include "station/biometrics/an2.hpp"
#include "station/biometrics/image_io.hpp"
#include "station/biometrics/wsq.hpp"
#include "subprocess.hpp"
#include "wsq/markers.hpp"

namespace {

namespace bio = station::biometrics;
namespace an2 = station::biometrics::an2;
using testing_support::contains;
using testing_support::run;

struct Folder {
  std::string path;
  Folder() {
    char name[] = "/tmp/an2_extract_testXXXXXX";
    path = mkdtemp(name);
  }
  ~Folder() { std::filesystem::remove_all(path); }
  std::string operator/(const std::string& file) const { return path + "/" + file; }
};

std::string text(const hal::Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

struct Listed {
  int type;
  hal::Bytes bytes;  // the whole record
};

hal::Bytes tagged(int type, int idc, std::vector<an2::Field> fields, const hal::Bytes& image) {
  fields.insert(fields.begin(), an2::Field{2, std::to_string(idc)});
  fields.push_back(an2::Field{999, text(image)});
  auto record = an2::encode_record(an2::TaggedRecord{type, fields});
  ASSERT_OK(record);
  return *record;
}

// A binary record: 4-byte LEN, IDC, then `body` as the sender laid it out.
hal::Bytes binary(int idc, const hal::Bytes& body) {
  std::uint32_t length = std::uint32_t(5 + body.size());
  hal::Bytes out{std::uint8_t(length >> 24), std::uint8_t(length >> 16), std::uint8_t(length >> 8),
                 std::uint8_t(length), std::uint8_t(idc)};
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

// Type-1 listing `records` in CNT, then the records.
hal::Bytes transaction(const std::vector<Listed>& records) {
  std::string cnt = "1\x1F" + std::to_string(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) cnt += "\x1E" + std::to_string(records[i].type) + "\x1F" + std::to_string(i + 1);
  auto header = an2::encode_record(an2::TaggedRecord{
      1, {{2, "0500"}, {3, cnt}, {4, "CAR"}, {5, "20261207"}, {7, "DAI"}, {8, "ORI"}, {9, "TCN1"}}});
  ASSERT_OK(header);
  hal::Bytes out = *header;
  for (const auto& r : records) out.insert(out.end(), r.bytes.begin(), r.bytes.end());
  return out;
}

// A WSQ file whose blocks end with a whole byte of ones (FF 00) before each
// marker, as one of NIST's own files does.
hal::Bytes nist_padded_wsq(std::uint32_t width, std::uint32_t height) {
  auto encoded = bio::wsq::encode(biometrics_test::ridge_pattern(width, height));
  ASSERT_OK(encoded);
  auto stream = bio::wsq::parse_code_stream(*encoded);
  ASSERT_OK(stream);
  hal::Bytes out = *encoded;
  for (auto block = stream->blocks.rbegin(); block != stream->blocks.rend(); ++block)
    out.insert(out.begin() + std::ptrdiff_t(block->offset + block->coded.size()), {0xFF, 0x00});
  return out;
}

// Rows of pure red, green, blue and grey bars.
hal::Bytes rgb_bars(std::uint32_t width, std::uint32_t height) {
  hal::Bytes rgb;
  for (std::uint32_t y = 0; y < height; ++y) {
    for (std::uint32_t x = 0; x < width; ++x) {
      int bar = int(x * 4 / width);
      std::uint8_t grey = std::uint8_t(40 + y);
      rgb.push_back(bar == 0 ? 255 : bar == 3 ? grey : 0);
      rgb.push_back(bar == 1 ? 255 : bar == 3 ? grey : 0);
      rgb.push_back(bar == 2 ? 255 : bar == 3 ? grey : 0);
    }
  }
  return rgb;
}

hal::Bytes type4_style_header(std::uint16_t width, std::uint16_t height, std::uint8_t gca) {
  // IMP, FGP (6), ISR, HLL, VLL, GCA
  return {1, 2, 255, 255, 255, 255, 255, 0, std::uint8_t(width >> 8), std::uint8_t(width), std::uint8_t(height >> 8),
          std::uint8_t(height), gca};
}

hal::Bytes joined(hal::Bytes a, const hal::Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

void expect_grey_png(const std::string& path, std::uint32_t width, std::uint32_t height) {
  auto image = bio::read_image(path);
  ASSERT_OK(image);
  assert_int_equal(image->width(), width);
  assert_int_equal(image->height(), height);
}

void every_readable_image_is_written_and_the_others_reported(void**) {
  Folder dir;
  hal::Bytes garbage(300, 0x5A);
  hal::Bytes broken_wsq = nist_padded_wsq(64, 64);
  broken_wsq.resize(broken_wsq.size() / 2);
  std::vector<Listed> records{
      {7, binary(1, garbage)},  // a Type-7 layout nobody here knows: reported first, then the rest
      {14, tagged(14, 2, {{6, "320"}, {7, "280"}, {11, "WSQ20"}}, nist_padded_wsq(320, 280))},
      {17, tagged(17, 3, {{6, "64"}, {7, "48"}, {11, "NONE"}, {12, "24"}, {13, "RGB"}}, rgb_bars(64, 48))},
      {7, binary(4, joined(type4_style_header(96, 80, 1), nist_padded_wsq(96, 80)))},
      {7, binary(5, nist_padded_wsq(72, 70))},
      {7, binary(6, joined(type4_style_header(40, 30, 0), biometrics_test::ridge_pattern(40, 30).pixels()))},
      {14, tagged(14, 7, {{6, "64"}, {7, "64"}, {11, "WSQ20"}}, broken_wsq)},
      {13, tagged(13, 8, {{6, "50"}, {7, "40"}, {11, "NONE"}, {12, "8"}}, biometrics_test::ridge_pattern(50, 40).pixels())},
  };
  ASSERT_OK(bio::write_file(dir / "mixed.an2", transaction(records)));

  auto r = run({STATION_BINARY, "--json", "an2", "dump", dir / "mixed.an2", "--extract", dir / "out"});
  assert_int_equal(r.exit_code, 0);
  auto doc = nlohmann::json::parse(r.out);
  const auto& refused = doc["not_extracted"];
  assert_int_equal(refused.size(), 2);
  assert_int_equal(refused[0]["record"].get<int>(), 2);
  assert_true(contains(refused[0]["reason"].get<std::string>(), "Type-7"));
  assert_int_equal(refused[1]["record"].get<int>(), 8);
  assert_true(contains(refused[1]["reason"].get<std::string>(), "WSQ"));

  expect_grey_png(dir / "out/record3_type14.png", 320, 280);
  expect_grey_png(dir / "out/record5_type7.png", 96, 80);
  expect_grey_png(dir / "out/record6_type7.png", 72, 70);
  expect_grey_png(dir / "out/record7_type7.png", 40, 30);
  expect_grey_png(dir / "out/record9_type13.png", 50, 40);
  assert_false(std::filesystem::exists(dir / "out/record2_type7.png"));
  assert_false(std::filesystem::exists(dir / "out/record8_type14.png"));
}

void uncompressed_rgb_becomes_an_rgb_png(void**) {
  Folder dir;
  std::vector<Listed> records{
      {17, tagged(17, 1, {{6, "64"}, {7, "48"}, {11, "NONE"}, {12, "24"}, {13, "RGB"}}, rgb_bars(64, 48))}};
  ASSERT_OK(bio::write_file(dir / "iris.an2", transaction(records)));
  auto r = run({STATION_BINARY, "an2", "dump", dir / "iris.an2", "--extract", dir / "out"});
  assert_int_equal(r.exit_code, 0);
  assert_true(contains(r.out, "1 images written"));
  auto png = bio::read_file(dir / "out/record2_type17.png");
  ASSERT_OK(png);
  // IHDR: width, height, bit depth 8, colour type 2 (RGB).
  assert_int_equal((*png)[19], 64);
  assert_int_equal((*png)[23], 48);
  assert_int_equal((*png)[24], 8);
  assert_int_equal((*png)[25], 2);
  // Read back as grey (luminance): the grey bar keeps its level, pure red
  // and green differ as their weights do.
  auto grey = bio::decode_png(*png);
  ASSERT_OK(grey);
  assert_int_equal(grey->at(60, 10), 50);
  assert_true(grey->at(20, 10) > grey->at(2, 10));
}

void rgb_size_disagreeing_with_bpx_is_reported(void**) {
  Folder dir;
  std::vector<Listed> records{
      {17, tagged(17, 1, {{6, "64"}, {7, "48"}, {11, "NONE"}, {12, "8"}, {13, "RGB"}}, rgb_bars(64, 48))}};
  ASSERT_OK(bio::write_file(dir / "iris.an2", transaction(records)));
  auto r = run({STATION_BINARY, "an2", "dump", dir / "iris.an2", "--extract", dir / "out"});
  assert_int_equal(r.exit_code, 0);
  assert_true(contains(r.out, "not extracted: uncompressed image of 9216 bytes"));
  assert_true(contains(r.out, "0 images written"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_readable_image_is_written_and_the_others_reported),
      cmocka_unit_test(uncompressed_rgb_becomes_an_rgb_png),
      cmocka_unit_test(rgb_size_disagreeing_with_bpx_is_reported),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
