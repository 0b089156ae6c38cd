// The LDS files byte for byte where Doc 9303 part 10 fixes the encoding,
// round trips where it leaves room, and the malformed inputs each parser
// must refuse.
#include "station/card/dg13.hpp"
#include "station/card/face_group.hpp"
#include "station/biometrics/jpeg2000.hpp"
#include "station/card/security_infos.hpp"
#include "station/card/simple_groups.hpp"
#include "card_test_support.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card;
namespace biometrics = station::biometrics;

hal::Bytes hex(const char* text) { return hal::from_hex(text).value(); }
std::string hex_of(hal::ByteView b) { return hal::to_hex(b); }

void expect_corrupt(const hal::Error& e, const char* words) {
  assert_int_equal(e.code, hal::ErrorCode::kCorrupt);
  if (!strstr(e.message.c_str(), words)) fail_msg("'%s' lacks '%s'", e.message.c_str(), words);
}

void ef_com(void**) {
  const hal::Bytes com = build_ef_com({0x61, 0x75, 0x6D, 0x6E, 0x6F});
  assert_string_equal(hex_of(com).c_str(), "6017" "5F010430313037" "5F3606303430303030" "5C0561756D6E6F");
  auto parsed = parse_ef_com(com);
  ASSERT_OK(parsed);
  assert_string_equal(parsed->lds_version.c_str(), "0107");
  assert_int_equal(parsed->data_group_tags.size(), 5);
  assert_int_equal(parsed->data_group_tags[1], 0x75);
  expect_corrupt(parse_ef_com(hex("6003 5F0100")).error(), "nothing left where a tag was expected");
  expect_corrupt(parse_ef_com(hex("61 00")).error(), "expected tag 60");
}

void dg1(void**) {
  const std::string mrz(90, 'X');
  const hal::Bytes file = build_dg1(mrz);
  assert_string_equal(hex_of(hal::ByteView(file).first(5)).c_str(), "615D5F1F5A");
  assert_int_equal(file.size(), 95);
  assert_string_equal(parse_dg1(file).value().c_str(), mrz.c_str());
  hal::Bytes trailing = file;
  trailing.push_back(0x00);
  expect_corrupt(parse_dg1(trailing).error(), "unexpected bytes");
  expect_corrupt(parse_dg1(hex("615D5F1F5A41")).error(), "claims 93 bytes");
}

void dg13_follows_its_profile(void**) {
  auto data = national_data_of(card_test::sample_holder());
  ASSERT_OK(data);
  assert_string_equal(data->full_name.c_str(), "Nguyễn Văn An");
  const hal::Bytes file = build_dg13(*data);
  // 6D L, then 80 01 01 (profile 1), 81 0C and the twelve digits.
  assert_int_equal(file[0], 0x6D);
  const std::string start = hex_of(file).substr(hex_of(file).find("800101"), 34);
  assert_string_equal(start.c_str(), "800101810C303031303839303132333435");
  // The full name in NFC: "ễ" is E1 BB 85.
  assert_non_null(strstr(hex_of(file).c_str(), "82104E677579E1BB856E2056C4836E20416E"));
  // The date of birth and the sex.
  assert_non_null(strstr(hex_of(file).c_str(), "83083139383930353137" "84014D"));
  auto parsed = parse_dg13(file);
  ASSERT_OK(parsed);
  assert_true(*parsed == *data);
}

void dg13_partial_dates_and_optional_parents(void**) {
  auto holder = card_test::sample_holder();
  holder.date_of_birth = {1989, 0, 0};
  holder.father_name.clear();
  holder.mother_name.clear();
  auto data = national_data_of(holder);
  ASSERT_OK(data);
  const hal::Bytes file = build_dg13(*data);
  assert_non_null(strstr(hex_of(file).c_str(), "830431393839"));
  auto parsed = parse_dg13(file);
  ASSERT_OK(parsed);
  assert_int_equal(parsed->date_of_birth.month, 0);
  assert_true(parsed->mother_name.empty());
  assert_true(parsed->father_name.empty());
}

void dg13_refuses_what_its_profile_forbids(void**) {
  // Text in NFD: "e" + combining circumflex.
  hal::Bytes nfd = hex("6D1A 800101 810C303031303839303132333435 8207 6E677579 65CC82");
  nfd[1] = static_cast<std::uint8_t>(nfd.size() - 2);
  expect_corrupt(parse_dg13(nfd).error(), "full name is not in Unicode NFC");
  expect_corrupt(parse_dg13(hex("6D03 800102")).error(), "unknown profile version");
  expect_corrupt(parse_dg13(hex("6D03 810101")).error(), "expected tag 80");
  auto data = national_data_of(card_test::sample_holder()).value();
  hal::Bytes file = build_dg13(data);
  file.push_back(0x99);
  expect_corrupt(parse_dg13(file).error(), "unexpected bytes");
}

void card_access_and_dg14(void**) {
  const std::vector<PaceInfo> pace{PaceInfo{}};
  // SET { SEQUENCE { id-PACE-ECDH-GM-AES-CBC-CMAC-128, 2, 13 } }
  assert_string_equal(hex_of(build_card_access(pace)).c_str(), "3114" "3012060A04007F00070202040202020102" "02010D");
  const hal::Bytes spki = hex("3005 0603 2B6570");  // any SEQUENCE stands for the key here
  const hal::Bytes dg14 = build_dg14({pace, spki, 1, kEcdsaPlainSha256});
  assert_int_equal(dg14[0], 0x6E);
  auto parsed = parse_dg14(dg14);
  ASSERT_OK(parsed);
  assert_int_equal(parsed->pace.size(), 1);
  assert_int_equal(parsed->pace[0].parameter_id, kParamBrainpoolP256r1);
  assert_string_equal(hex_of(parsed->ca_public_key).c_str(), hex_of(spki).c_str());
  assert_string_equal(parsed->aa_signature_algorithm.c_str(), kEcdsaPlainSha256);
  // Unknown SecurityInfos are skipped; a SET of nothing known is refused.
  ASSERT_OK(parse_card_access(hex("311B 3005 0603 2A0304" "3012060A04007F00070202040202020102 02010D")));
  expect_corrupt(parse_card_access(hex("3107 3005 0603 2A0304")).error(), "no SecurityInfo");
  expect_corrupt(parse_card_access(hex("3003 020101")).error(), "expected tag 31");
}

void dg15(void**) {
  const hal::Bytes spki = hex("3005 0603 2B6570");
  assert_string_equal(hex_of(build_dg15(spki)).c_str(), "6F07300506032B6570");
  assert_string_equal(hex_of(parse_dg15(build_dg15(spki)).value()).c_str(), "300506032B6570");
  expect_corrupt(parse_dg15(hex("6F03 020101")).error(), "expected tag 30");
}

void face_record_layout(void**) {
  FaceRecord face;
  face.sex = Sex::kFemale;
  face.width = 240;
  face.height = 320;
  face.grey = true;
  face.image = hex("FF4FFF");
  const hal::Bytes record = build_face_record(face);
  // "FAC\0" "010\0", record length 49, one image; block length 35, no
  // feature points, gender 2 ...
  assert_string_equal(hex_of(hal::ByteView(record).first(20)).c_str(), "4641430030313000" "00000031" "0001" "00000023" "0000");
  assert_int_equal(record[20], 2);
  // Image information: full frontal, JPEG 2000, 240 x 320, grey, digital still.
  assert_string_equal(hex_of(hal::ByteView(record).subspan(34, 12)).c_str(), "010100F0014003020000" "0000");
  auto parsed = parse_face_record(record);
  ASSERT_OK(parsed);
  assert_int_equal(parsed->width, 240);
  assert_true(parsed->grey);
  assert_string_equal(hex_of(parsed->image).c_str(), "FF4FFF");
  hal::Bytes bad_length = record;
  bad_length[11] = 0x30;
  expect_corrupt(parse_face_record(bad_length).error(), "record length field says 48");
  expect_corrupt(parse_face_record(hex("464143")).error(), "shorter than its headers");
}

void dg2_wraps_the_record_in_cbeff(void**) {
  FaceRecord face;
  face.width = 2;
  face.height = 2;
  face.image = hex("FF4FFF51");
  const hal::Bytes dg2 = build_dg2(face);
  // 75 { 7F61 { 02 01 01, 7F60 { A1 { 80 0101, 81 02, 87 0101, 88 0008 }, 5F2E record } } }
  assert_non_null(strstr(hex_of(dg2).c_str(), "7F61"));
  assert_non_null(strstr(hex_of(dg2).c_str(), "020101" "7F60"));
  assert_non_null(strstr(hex_of(dg2).c_str(), "A10F" "80020101" "810102" "87020101" "88020008" "5F2E"));
  ASSERT_OK(parse_dg2(dg2));
  std::string text = hex_of(dg2);
  text.replace(text.find("88020008"), 8, "88020009");
  expect_corrupt(parse_dg2(hex(text.c_str())).error(), "19794-5 face image");
}

double mean_difference(const biometrics::RawImage& a, const biometrics::RawImage& b) {
  double total = 0;
  for (std::size_t i = 0; i < a.pixels.size(); ++i) total += std::abs(int(a.pixels[i]) - int(b.pixels[i]));
  return total / static_cast<double>(a.pixels.size());
}

void jpeg2000_round_trip(void**) {
  for (std::uint32_t channels : {1u, 3u}) {
    const biometrics::RawImage face = card_test::synthetic_face(240, 320, channels);
    auto coded = biometrics::encode_jpeg2000(face, 12000);
    ASSERT_OK(coded);
    assert_true(coded->size() <= 12000 + 200);
    // A JP2 file: its signature box first.
    assert_string_equal(hex_of(hal::ByteView(*coded).first(8)).c_str(), "0000000C6A502020");
    auto decoded = biometrics::decode_jpeg2000(*coded);
    ASSERT_OK(decoded);
    assert_int_equal(decoded->width, 240);
    assert_int_equal(decoded->height, 320);
    assert_int_equal(decoded->channels, channels);
    const double difference = mean_difference(face, *decoded);
    print_message("%u channel(s): %zu bytes, mean difference %.2f grey levels\n", channels, coded->size(), difference);
    assert_true(difference < 8.0);
  }
  expect_corrupt(biometrics::decode_jpeg2000(hex("00000000")).error(), "neither a JP2");
  expect_corrupt(biometrics::decode_jpeg2000(hex("0000000C6A5020200D0A870A00")).error(), "JPEG 2000");
  assert_int_equal(biometrics::encode_jpeg2000(biometrics::RawImage{}, 10000).error().code, hal::ErrorCode::kInvalidArgument);
  assert_int_equal(biometrics::encode_jpeg2000(card_test::synthetic_face(8, 8, 1), 100).error().code,
                   hal::ErrorCode::kInvalidArgument);
}

void oversize_faces_are_refused(void**) {
  // 600 x 800 RGB at a 70 000-byte target cannot fit a 65 535-byte DG2.
  auto dg2 = make_dg2(card_test::synthetic_face(600, 800, 3), Sex::kMale, 70000);
  assert_false(dg2.ok());
  assert_int_equal(dg2.error().code, hal::ErrorCode::kInvalidArgument);
  assert_non_null(strstr(dg2.error().message.c_str(), "more than the 65535 a card file holds"));
  auto fine = make_dg2(card_test::synthetic_face(240, 320, 3), Sex::kMale, 20000);
  ASSERT_OK(fine);
  auto face = parse_dg2(*fine);
  ASSERT_OK(face);
  ASSERT_OK(biometrics::decode_jpeg2000(face->image));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(ef_com),
      cmocka_unit_test(dg1),
      cmocka_unit_test(dg13_follows_its_profile),
      cmocka_unit_test(dg13_partial_dates_and_optional_parents),
      cmocka_unit_test(dg13_refuses_what_its_profile_forbids),
      cmocka_unit_test(card_access_and_dg14),
      cmocka_unit_test(dg15),
      cmocka_unit_test(face_record_layout),
      cmocka_unit_test(dg2_wraps_the_record_in_cbeff),
      cmocka_unit_test(jpeg2000_round_trip),
      cmocka_unit_test(oversize_faces_are_refused),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
