// Writing transactions: our reader and an independent byte walk in this
// test agree on what was written; every LEN equals the record's real size;
// CNT lists the records; bad fields are refused with the field named.
#include <string>

#include "biometrics_test_support.hpp"
#include "station/biometrics/an2.hpp"
#include "station/biometrics/wsq.hpp"
#include "cmocka.hpp"

namespace {

namespace an2 = station::biometrics::an2;
namespace wsq = station::biometrics::wsq;
using biometrics_test::error_mismatch;

an2::TransactionHeader header() {
  an2::TransactionHeader h;
  h.type_of_transaction = "CAR";
  h.date = "20250101";
  h.priority = 4;
  h.destination_agency = "REGISTRY01";
  h.originating_agency = "STATION042";
  h.control_number = "STN042-000017";
  h.domain =
      "NORAM\x1f"
      "11.1";
  return h;
}

an2::FingerImage finger(int position, std::uint32_t seed) {
  auto image = biometrics_test::ridge_pattern(64, 80, seed);
  an2::FingerImage f;
  f.position = position;
  f.source_agency = "STATION042";
  f.capture_date = "20250101";
  f.width = image.width();
  f.height = image.height();
  f.data = wsq::encode(image).value();
  return f;
}

hal::Bytes sample_transaction() {
  an2::TransactionWriter writer(header());
  writer.add_descriptive({{18, "DOE,JANE"}, {22, "19900214"}});
  auto thumb = finger(1, 1);
  // A binary image full of separator bytes must survive.
  thumb.data.push_back(0x1C);
  thumb.data.push_back(0x1D);
  writer.add_finger(thumb);
  auto index = finger(2, 2);
  index.extra.push_back({18, an2::Field::join({{"3", "XX"}})});
  writer.add_finger(index);
  an2::FaceImage face;
  face.source_agency = "STATION042";
  face.photo_date = "20250101";
  face.width = 3;
  face.height = 2;
  face.compression = "NONE";
  face.colour_space = "GRAY";
  face.data = {1, 2, 3, 4, 5, 6};
  writer.add_face(face);
  auto encoded = writer.encode();
  ASSERT_OK(encoded);
  return *encoded;
}

// Splits the file into records by each record's own LEN, reading the tag
// "T.001:" by hand; checks each ends on FS.
std::vector<std::pair<int, std::size_t>> walk_by_len(const hal::Bytes& bytes) {
  std::string text(bytes.begin(), bytes.end());
  std::vector<std::pair<int, std::size_t>> records;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t dot = text.find('.', at);
    std::size_t colon = text.find(':', at);
    int type = std::stoi(text.substr(at, dot - at));
    assert_string_equal(text.substr(dot, colon - dot).c_str(), ".001");
    std::size_t length = std::stoul(text.substr(colon + 1));
    assert_true(at + length <= text.size());
    assert_int_equal(text[at + length - 1], 0x1C);
    records.emplace_back(type, length);
    at += length;
  }
  return records;
}

void every_len_is_exact(void**) {
  auto bytes = sample_transaction();
  auto records = walk_by_len(bytes);
  assert_int_equal(records.size(), 5);
  const int types[] = {1, 2, 14, 14, 10};
  for (std::size_t i = 0; i < 5; ++i) assert_int_equal(records[i].first, types[i]);
}

void reader_gets_back_what_was_written(void**) {
  auto bytes = sample_transaction();
  auto t = an2::parse(bytes);
  ASSERT_OK(t);
  const auto& h = std::get<an2::TaggedRecord>(t->records[0].body);
  assert_string_equal(h.text(2).c_str(), "0500");
  assert_string_equal(h.text(3).c_str(),
                      "1\x1f"
                      "4\x1e"
                      "2\x1f"
                      "00\x1e"
                      "14\x1f"
                      "01\x1e"
                      "14\x1f"
                      "02\x1e"
                      "10\x1f"
                      "03");
  assert_string_equal(h.text(4).c_str(), "CAR");
  assert_string_equal(h.text(6).c_str(), "4");
  assert_string_equal(h.text(9).c_str(), "STN042-000017");
  assert_string_equal(h.text(11).c_str(), "00.00");
  assert_string_equal(h.text(13).c_str(),
                      "NORAM\x1f"
                      "11.1");
  const auto& t2 = std::get<an2::TaggedRecord>(t->records[1].body);
  assert_string_equal(t2.text(2).c_str(), "00");
  assert_string_equal(t2.text(18).c_str(), "DOE,JANE");

  const auto& thumb = std::get<an2::TaggedRecord>(t->records[2].body);
  assert_string_equal(thumb.text(2).c_str(), "01");
  assert_string_equal(thumb.text(3).c_str(), "1");
  assert_string_equal(thumb.text(6).c_str(), "64");
  assert_string_equal(thumb.text(7).c_str(), "80");
  assert_string_equal(thumb.text(8).c_str(), "1");
  assert_string_equal(thumb.text(9).c_str(), "500");
  assert_string_equal(thumb.text(11).c_str(), "WSQ20");
  assert_string_equal(thumb.text(12).c_str(), "8");
  assert_string_equal(thumb.text(13).c_str(), "1");
  std::string data = thumb.text(999);
  assert_int_equal(std::uint8_t(data[data.size() - 2]), 0x1C);
  hal::ByteView image(reinterpret_cast<const std::uint8_t*>(data.data()), data.size() - 2);
  ASSERT_OK(wsq::decode(image));
  // Fields come out in number order, the image last.
  int previous = 0;
  for (const auto& f : thumb.fields) {
    assert_true(f.number > previous);
    previous = f.number;
  }
  const auto& index = std::get<an2::TaggedRecord>(t->records[3].body);
  assert_string_equal(index.text(18).c_str(),
                      "3\x1f"
                      "XX");

  const auto& face = std::get<an2::TaggedRecord>(t->records[4].body);
  assert_string_equal(face.text(3).c_str(), "FACE");
  assert_string_equal(face.text(11).c_str(), "NONE");
  assert_string_equal(face.text(13).c_str(), "13");
  assert_int_equal(face.text(999).size(), 6);
}

void len_grows_its_own_digits(void**) {
  // A record whose length is 99 without LEN's digits and 101 with them.
  for (std::size_t fill = 80; fill < 100; ++fill) {
    an2::TaggedRecord r{2, {{2, "00"}, {3, std::string(fill, 'a')}}};
    auto encoded = an2::encode_record(r);
    ASSERT_OK(encoded);
    auto walked = walk_by_len(*encoded);
    assert_int_equal(walked.size(), 1);
    assert_int_equal(walked[0].second, encoded->size());
  }
}

void bad_fields_are_refused(void**) {
  an2::TaggedRecord separators{2,
                               {{2, "00"},
                                {5,
                                 "A\x1d"
                                 "B"}}};
  assert_string_equal(
      error_mismatch(an2::encode_record(separators), hal::ErrorCode::kInvalidArgument, "field 2.5: value holds")
          .c_str(),
      "");
  an2::TaggedRecord twice{2, {{2, "00"}, {5, "A"}, {5, "B"}}};
  assert_string_equal(
      error_mismatch(an2::encode_record(twice), hal::ErrorCode::kInvalidArgument, "appears twice").c_str(), "");
  an2::TaggedRecord len{2, {{1, "12"}}};
  assert_string_equal(error_mismatch(an2::encode_record(len), hal::ErrorCode::kInvalidArgument, "not 2-999").c_str(),
                      "");

  an2::TransactionWriter writer(header());
  auto bad = finger(16, 1);
  writer.add_finger(bad);
  assert_string_equal(error_mismatch(writer.encode(), hal::ErrorCode::kInvalidArgument, "finger position '16'").c_str(),
                      "");
  an2::TransactionWriter idc(header());
  idc.add_descriptive({{2, "07"}});
  assert_string_equal(error_mismatch(idc.encode(), hal::ErrorCode::kInvalidArgument, "IDC is assigned").c_str(), "");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_len_is_exact),
      cmocka_unit_test(reader_gets_back_what_was_written),
      cmocka_unit_test(len_grows_its_own_digits),
      cmocka_unit_test(bad_fields_are_refused),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
