// Reading NIST's three sample transactions (Type-1, 2, 4, 9; 1, 2, 4, 6;
// 1, 2, 14 x3), and refusing damaged ones with the record, field and
// offset named. Expected values were read off the files with a hex viewer.
#include <string>

#include "biometrics_test_support.hpp"
#include "station/biometrics/an2.hpp"
#include "station/biometrics/image_io.hpp"
#include "station/biometrics/wsq.hpp"
#include "cmocka.hpp"

namespace {

namespace bio = station::biometrics;
namespace an2 = station::biometrics::an2;
using biometrics_test::error_mismatch;

hal::Bytes sample(const char* name) {
  auto bytes = bio::read_file(std::string(SHARED_DATA) + "/nist-an2/" + name);
  ASSERT_OK(bytes);
  return *bytes;
}

std::vector<int> types_of(const an2::Transaction& t) {
  std::vector<int> types;
  for (const auto& r : t.records) types.push_back(r.type);
  return types;
}

void reads_type4_and_type9_transaction(void**) {
  auto t = an2::parse(sample("valid1.14.an2"));
  ASSERT_OK(t);
  assert_true(types_of(*t) == std::vector<int>({1, 2, 4, 9}));
  const auto& header = std::get<an2::TaggedRecord>(t->records[0].body);
  assert_string_equal(header.text(2).c_str(), "0201");
  assert_string_equal(header.text(4).c_str(), "TPIS");
  auto cnt = header.find(3)->subfields();
  assert_int_equal(cnt.size(), 4);
  assert_string_equal(cnt[2][0].c_str(), "4");
  assert_string_equal(cnt[2][1].c_str(), "01");
  const auto& t2 = std::get<an2::TaggedRecord>(t->records[1].body);
  assert_string_equal(t2.text(6).c_str(), "njjfjssd");
  const auto& t4 = std::get<an2::Type4Record>(t->records[2].body);
  assert_int_equal(t->records[2].offset, 199);
  assert_int_equal(t->records[2].length, 40295);
  assert_int_equal(t4.idc, 1);
  assert_int_equal(t4.positions[0], 1);
  assert_int_equal(t4.positions[1], 255);
  assert_int_equal(t4.width, 784);
  assert_int_equal(t4.height, 1133);
  assert_int_equal(t4.compression, 1);
  assert_int_equal(t4.image.size(), 40277);
  auto image = bio::wsq::decode(t4.image);
  ASSERT_OK(image);
  assert_int_equal(image->image.width(), 784);
  const auto& t9 = std::get<an2::TaggedRecord>(t->records[3].body);
  assert_string_equal(t9.text(4).c_str(), "S");
}

void skips_type6_cleanly(void**) {
  auto t = an2::parse(sample("valid1.2.an2"));
  ASSERT_OK(t);
  assert_true(types_of(*t) == std::vector<int>({1, 2, 4, 6}));
  const auto& t4 = std::get<an2::Type4Record>(t->records[2].body);
  assert_int_equal(t4.positions[0], 10);
  assert_int_equal(t4.width, 512);
  const auto& t6 = std::get<an2::BinaryRecord>(t->records[3].body);
  assert_int_equal(t->records[3].length, 262162);
  assert_int_equal(t6.idc, 2);
  assert_int_equal(t6.bytes.size(), 262162);
}

void reads_three_type14_records(void**) {
  auto t = an2::parse(sample("valid1.8.an2"));
  ASSERT_OK(t);
  assert_true(types_of(*t) == std::vector<int>({1, 2, 14, 14, 14}));
  const char* positions[] = {"13", "14", "15"};
  for (int i = 0; i < 3; ++i) {
    const auto& r = std::get<an2::TaggedRecord>(t->records[std::size_t(i) + 2].body);
    assert_string_equal(r.text(11).c_str(), "WSQ20");
    assert_string_equal(r.text(13).c_str(), positions[i]);
    assert_string_equal(r.text(2).c_str(), ("0" + std::to_string(i + 1)).c_str());
    assert_int_equal(std::stoul(r.text(1)), t->records[std::size_t(i) + 2].length);
    std::string data = r.text(999);
    ASSERT_OK(bio::wsq::decode(hal::ByteView(reinterpret_cast<const std::uint8_t*>(data.data()), data.size())));
  }
  const auto& first = std::get<an2::TaggedRecord>(t->records[2].body);
  auto segments = first.find(21)->subfields();  // 14.021 SEG: four finger boxes
  assert_int_equal(segments.size(), 4);
  assert_int_equal(segments[0].size(), 5);
  assert_string_equal(segments[3][0].c_str(), "10");
}

hal::Bytes with_text_replaced(hal::Bytes bytes, const std::string& from, const std::string& to) {
  std::string text(bytes.begin(), bytes.end());
  text.replace(text.find(from), from.size(), to);
  return hal::Bytes(text.begin(), text.end());
}

void expect(const hal::Bytes& data, hal::ErrorCode code, const std::string& words) {
  assert_string_equal(error_mismatch(an2::parse(data), code, words).c_str(), "");
}

void wrong_len_fields_are_named(void**) {
  auto data = sample("valid1.14.an2");
  // Type-2 is 57 bytes; one too many swallows Type-4's first byte.
  expect(with_text_replaced(data, "2.001:57", "2.001:58"), hal::ErrorCode::kCorrupt,
         "record 2 (Type-2): LEN 58 does not end on the record's FS");
  expect(with_text_replaced(data, "2.001:57", "2.001:99"), hal::ErrorCode::kCorrupt, "(offset 142)");
  expect(with_text_replaced(data, "1.01:142", "1.01:1x2"), hal::ErrorCode::kCorrupt, "LEN (1.001) is not a number");
  // Type-4's binary LEN (at offset 199) claiming more than the file holds.
  auto big = data;
  big[199] = 0x7F;
  expect(big, hal::ErrorCode::kCorrupt, "record 3 (Type-4): LEN");
}

void negative_len_is_not_a_number(void**) {
  auto data = sample("valid1.14.an2");
  // Same width as "57", so only the sign differs from a well-formed LEN.
  expect(with_text_replaced(data, "2.001:57", "2.001:-5"), hal::ErrorCode::kCorrupt,
         "record 2 (Type-2): LEN (2.001) is not a number");
  expect(with_text_replaced(data, "2.001:57", "2.001:-0"), hal::ErrorCode::kCorrupt,
         "record 2 (Type-2): LEN (2.001) is not a number");
  // A sign in a field tag's number is no tag either.
  expect(with_text_replaced(data, "2.002:", "2.-02:"), hal::ErrorCode::kCorrupt,
         "record 2 (Type-2): a field does not start with a 'T.NNN:' tag");
}

void cnt_must_match_the_records(void**) {
  auto data = sample("valid1.14.an2");
  expect(with_text_replaced(data,
                            "1.03:1\x1f"
                            "3",
                            "1.03:1\x1f"
                            "4"),
         hal::ErrorCode::kCorrupt, "announces 4 records but lists 3");
  expect(with_text_replaced(data,
                            "\x1e"
                            "9\x1f"
                            "02",
                            "\x1e"
                            "2\x1f"
                            "02"),
         hal::ErrorCode::kCorrupt, "record 4 (Type-2) starts with a Type-9 tag");
  auto longer = data;
  longer.push_back('x');
  expect(longer, hal::ErrorCode::kCorrupt, "1 bytes follow the last record");
}

void every_truncation_is_an_error(void**) {
  auto data = sample("valid1.8.an2");
  // Every cut in the text parts, and a spread of cuts through the images.
  for (std::size_t length = 0; length < data.size(); length += length < 600 ? 1 : 997) {
    hal::Bytes cut(data.begin(), data.begin() + std::ptrdiff_t(length));
    auto parsed = an2::parse(cut);
    if (parsed.ok()) fail_msg("a transaction cut to %zu bytes parsed", length);
    assert_int_equal(int(parsed.error().code), int(hal::ErrorCode::kCorrupt));
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reads_type4_and_type9_transaction), cmocka_unit_test(skips_type6_cleanly),
      cmocka_unit_test(reads_three_type14_records),        cmocka_unit_test(wrong_len_fields_are_named),
      cmocka_unit_test(cnt_must_match_the_records),        cmocka_unit_test(every_truncation_is_an_error),
      cmocka_unit_test(negative_len_is_not_a_number),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
