// The TD1 MRZ: check digits and the layout against Doc 9303's own specimen,
// Vietnamese names made MRZ-safe, and name truncation. Expected MRZ lines
// were worked out by hand from Doc 9303 part 3's rules.
#include "station/card/mrz.hpp"
#include "station/card/transliteration.hpp"
#include "card_test_support.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card;

void check_digits_of_the_doc9303_examples(void**) {
  assert_int_equal(mrz_check_digit("L898902C<").value(), '3');
  assert_int_equal(mrz_check_digit("690806").value(), '1');
  assert_int_equal(mrz_check_digit("940623").value(), '6');
  assert_int_equal(mrz_check_digit("D23145890").value(), '7');
  assert_int_equal(mrz_check_digit("").value(), '0');
  assert_false(mrz_check_digit("ab").ok());
}

// The TD1 specimen of Doc 9303 part 5.
const char* const kSpecimen =
    "I<UTOD231458907<<<<<<<<<<<<<<<"
    "7408122F1204159UTO<<<<<<<<<<<6"
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<";

void parses_the_specimen(void**) {
  auto f = parse_td1(kSpecimen);
  ASSERT_OK(f);
  assert_string_equal(f->document_code.c_str(), "I");
  assert_string_equal(f->issuing_state.c_str(), "UTO");
  assert_string_equal(f->document_number.c_str(), "D23145890");
  assert_string_equal(f->date_of_birth.c_str(), "740812");
  assert_string_equal(f->sex.c_str(), "F");
  assert_string_equal(f->date_of_expiry.c_str(), "120415");
  assert_string_equal(f->nationality.c_str(), "UTO");
  assert_string_equal(f->primary_identifier.c_str(), "ERIKSSON");
  assert_string_equal(f->secondary_identifier.c_str(), "ANNA MARIA");
}

void refuses_wrong_check_digits_and_characters(void**) {
  std::string bad = kSpecimen;
  bad[14] = '8';
  auto r = parse_td1(bad);
  assert_int_equal(r.error().code, hal::ErrorCode::kCorrupt);
  assert_non_null(strstr(r.error().message.c_str(), "document number"));
  bad = kSpecimen;
  bad[59] = '5';
  assert_non_null(strstr(parse_td1(bad).error().message.c_str(), "composite"));
  bad = kSpecimen;
  bad[60] = 'e';
  assert_non_null(strstr(parse_td1(bad).error().message.c_str(), "character 61"));
  assert_false(parse_td1("I<UTO").ok());
}

void transliterates_vietnamese_names(void**) {
  assert_string_equal(transliterate_for_mrz("Nguyễn Thị Ánh", "n").value().c_str(), "NGUYEN<THI<ANH");
  assert_string_equal(transliterate_for_mrz("Đặng Văn Đức", "n").value().c_str(), "DANG<VAN<DUC");
  assert_string_equal(transliterate_for_mrz("Trương Quỳnh Hương", "n").value().c_str(), "TRUONG<QUYNH<HUONG");
  // The same name typed with combining marks (NFD).
  assert_string_equal(transliterate_for_mrz("Nguye\xCC\x82\xCC\x83n", "n").value().c_str(), "NGUYEN");
  assert_string_equal(transliterate_for_mrz("O'Brien", "n").value().c_str(), "OBRIEN");
  assert_string_equal(transliterate_for_mrz("Jean-Luc  Picard ", "n").value().c_str(), "JEAN<LUC<PICARD");
  assert_string_equal(transliterate_for_mrz("Straße Ærø Þór", "n").value().c_str(), "STRASSE<AEROE<THOR");
  auto han = transliterate_for_mrz("阮", "family name");
  assert_int_equal(han.error().code, hal::ErrorCode::kInvalidArgument);
  assert_non_null(strstr(han.error().message.c_str(), "family name: character U+962E"));
  assert_false(transliterate_for_mrz("Nguy\xC3", "n").ok());
  assert_false(transliterate_for_mrz("An2", "n").ok());
}

void stores_text_as_nfc(void**) {
  // ễ decomposed (e + circumflex + tilde) comes back as U+1EC5 (E1 BB 85).
  assert_string_equal(to_nfc("Nguye\xCC\x82\xCC\x83n", "n").value().c_str(), "Nguy\xE1\xBB\x85n");
  assert_false(to_nfc("\xFF", "n").ok());
}

void name_fields_fill_and_truncate(void**) {
  assert_string_equal(mrz_name_field("NGUYEN", "VAN<AN", 30).c_str(), "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<");
  // 39 characters: the last given names shrink to initials, last first,
  // until the field is full; it then ends in a letter.
  assert_string_equal(mrz_name_field("NGUYEN", "TRAN<THI<BICH<NGOC<PHUONG<THANH", 30).c_str(),
                      "NGUYEN<<TRAN<THI<BICH<NGOC<P<T");
  // One given name too many letters: only it is cut.
  assert_string_equal(mrz_name_field("NGUYEN", "TRAN<THI<BICH<NGOCPHUONGTHANH", 30).c_str(),
                      "NGUYEN<<TRAN<THI<BICH<NGOCPHUO");
  // Given names are initials already: the primary identifier is cut.
  assert_string_equal(mrz_name_field("AAAAAAAAAABBBBBBBBBBCCCCCCCCCC", "X", 30).c_str(),
                      "AAAAAAAAAABBBBBBBBBBCCCCCCC<<X");
  assert_string_equal(mrz_name_field("NGUYEN", "", 30).c_str(), "NGUYEN<<<<<<<<<<<<<<<<<<<<<<<<");
}

void builds_a_vietnamese_td1(void**) {
  auto holder = card_test::sample_holder();
  auto mrz = make_td1(holder);
  ASSERT_OK(mrz);
  assert_string_equal(mrz->lines[0].c_str(), "IDVNM0890123456001089012345<<<");
  assert_string_equal(mrz->lines[1].c_str(), "8905178M2905176VNM<<<<<<<<<<<5");
  assert_string_equal(mrz->lines[2].c_str(), "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<");
  ASSERT_OK(parse_td1(mrz->text()));
  // Only the year of birth known: its MRZ field keeps fillers.
  holder.date_of_birth = {1989, 0, 0};
  mrz = make_td1(holder);
  ASSERT_OK(mrz);
  assert_string_equal(mrz->lines[1].substr(0, 7).c_str(), "89<<<<3");
  ASSERT_OK(parse_td1(mrz->text()));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(check_digits_of_the_doc9303_examples),
      cmocka_unit_test(parses_the_specimen),
      cmocka_unit_test(refuses_wrong_check_digits_and_characters),
      cmocka_unit_test(transliterates_vietnamese_names),
      cmocka_unit_test(stores_text_as_nfc),
      cmocka_unit_test(name_fields_fill_and_truncate),
      cmocka_unit_test(builds_a_vietnamese_td1),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
