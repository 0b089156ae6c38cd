// BER-TLV and DER: encodings written out from ISO/IEC 7816-4 and X.690, and
// every malformed form the parser must refuse with a message saying why.
#include "station/cms/der.hpp"
#include "station/cms/tlv.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::cms;

hal::Bytes hex(const char* text) { return hal::from_hex(text).value(); }
std::string hex_of(hal::ByteView b) { return hal::to_hex(b); }

void expect_corrupt(const hal::Result<Tlv>& r, const char* words) {
  assert_false(r.ok());
  assert_int_equal(r.error().code, hal::ErrorCode::kCorrupt);
  if (!strstr(r.error().message.c_str(), words)) fail_msg("'%s' lacks '%s'", r.error().message.c_str(), words);
}

void reads_multi_byte_tags_and_long_lengths(void**) {
  const hal::Bytes mrz = hex("5F1F03414243");
  auto tlv = read_tlv(mrz, LengthRule::kDer, "test");
  ASSERT_OK(tlv);
  assert_int_equal(tlv->tag, 0x5F1F);
  assert_string_equal(hex_of(tlv->value).c_str(), "414243");
  assert_false(tlv->constructed());
  assert_true(read_tlv(hex("7F6100"), LengthRule::kDer, "t")->constructed());

  hal::Bytes long_form = hex("048180");
  long_form.resize(3 + 128, 0xAB);
  auto read = read_tlv(long_form, LengthRule::kDer, "test");
  ASSERT_OK(read);
  assert_int_equal(read->value.size(), 128);
  assert_int_equal(read->encoded.size(), 131);
}

void refuses_what_der_forbids(void**) {
  hal::Bytes padded = hex("048105");
  padded.resize(8, 0);
  // BER takes a long form where the short one would do; DER does not.
  ASSERT_OK(read_tlv(padded, LengthRule::kBer, "t"));
  expect_corrupt(read_tlv(padded, LengthRule::kDer, "DG1"), "not in its shortest form");
  hal::Bytes leading_zero = hex("04820080");
  leading_zero.resize(4 + 128, 0);
  expect_corrupt(read_tlv(leading_zero, LengthRule::kDer, "t"), "shortest form");
}

void refuses_malformed_tlvs(void**) {
  expect_corrupt(read_tlv(hex("3080020101 0000"), LengthRule::kBer, "t"), "indefinite");
  expect_corrupt(read_tlv(hex("04050102"), LengthRule::kBer, "DG13"), "claims 5 bytes but only 2 follow");
  expect_corrupt(read_tlv(hex("04850000000001"), LengthRule::kBer, "t"), "more than four bytes");
  expect_corrupt(read_tlv(hex("5F818181010100"), LengthRule::kBer, "t"), "longer than three bytes");
  expect_corrupt(read_tlv(hex("5F"), LengthRule::kBer, "t"), "cut short");
  expect_corrupt(read_tlv(hex("04"), LengthRule::kBer, "t"), "has no length");
  expect_corrupt(read_tlv(hex("0482 01"), LengthRule::kBer, "t"), "cut short");
  expect_corrupt(read_tlv({}, LengthRule::kBer, "t"), "nothing left");
  expect_corrupt(read_tlv(hex("1F8001 00"), LengthRule::kBer, "t"), "leading zero");
  auto r = read_tlv(hex("04050102"), LengthRule::kBer, "DG13");
  assert_non_null(strstr(r.error().message.c_str(), "DG13"));
}

void reader_names_unexpected_tags_and_leftovers(void**) {
  const hal::Bytes data = hex("0201050401AA");
  TlvReader reader(data, "SOD");
  auto wrong = reader.expect(0x04);
  assert_false(wrong.ok());
  assert_non_null(strstr(wrong.error().message.c_str(), "expected tag 04, found 02"));
  TlvReader again(data, "SOD");
  auto absent = again.optional(0x04);
  ASSERT_OK(absent);
  assert_false(absent->has_value());
  ASSERT_OK(again.expect(0x02));
  assert_false(again.expect_end().ok());
  ASSERT_OK(again.expect(0x04));
  ASSERT_OK(again.expect_end());
  assert_false(again.next().ok());
}

hal::Bytes nested(int depth) {
  hal::Bytes inner = hex("0500");
  for (int i = 0; i < depth; ++i) inner = encode_tlv(0x30, inner);
  return inner;
}

void trees_nest_at_most_sixteen_deep(void**) {
  // nested(n) has n SEQUENCEs around a NULL: n + 1 levels.
  ASSERT_OK(parse_tlv_tree(nested(15), LengthRule::kDer, "t"));
  auto deep = parse_tlv_tree(nested(16), LengthRule::kDer, "t");
  assert_false(deep.ok());
  assert_non_null(strstr(deep.error().message.c_str(), "deeper than 16"));
  auto tree = parse_tlv_tree(hex("3006 0201 05 0401 AA 0500"), LengthRule::kDer, "t");
  ASSERT_OK(tree);
  assert_int_equal(tree->size(), 2);
  assert_int_equal((*tree)[0].children.size(), 2);
  assert_false(parse_tlv_tree(hex("3003 0205 01"), LengthRule::kDer, "t").ok());
}

void encodes_lengths_in_their_shortest_form(void**) {
  assert_string_equal(hex_of(encode_length(0x7F)).c_str(), "7F");
  assert_string_equal(hex_of(encode_length(0x80)).c_str(), "8180");
  assert_string_equal(hex_of(encode_length(0xFF)).c_str(), "81FF");
  assert_string_equal(hex_of(encode_length(0x100)).c_str(), "820100");
  assert_string_equal(hex_of(encode_length(0x10000)).c_str(), "83010000");
  assert_string_equal(hex_of(encode_tlv(0x5F1F, hex("41"))).c_str(), "5F1F0141");
  assert_string_equal(hex_of(encode_tlv(0x7F61, {})).c_str(), "7F6100");
}

void der_integers(void**) {
  assert_string_equal(hex_of(der::integer(0)).c_str(), "020100");
  assert_string_equal(hex_of(der::integer(127)).c_str(), "02017F");
  assert_string_equal(hex_of(der::integer(128)).c_str(), "02020080");
  assert_string_equal(hex_of(der::integer(256)).c_str(), "02020100");
  assert_string_equal(hex_of(der::integer(-1)).c_str(), "0201FF");
  assert_string_equal(hex_of(der::integer(-129)).c_str(), "0202FF7F");
  assert_string_equal(hex_of(der::unsigned_integer(hex("000080"))).c_str(), "02020080");
  assert_int_equal(der::read_small_integer(hex("0080"), "t").value(), 128);
  assert_int_equal(der::read_small_integer(hex("FF7F"), "t").value(), -129);
  assert_false(der::read_small_integer(hex("0005"), "t").ok());
  assert_false(der::read_small_integer({}, "t").ok());
}

void der_object_identifiers(void**) {
  // The LDSSecurityObject and id-signedData, as published.
  assert_string_equal(hex_of(der::oid("2.23.136.1.1.1")).c_str(), "060667810801010" "1");
  assert_string_equal(hex_of(der::oid("1.2.840.113549.1.7.2")).c_str(), "06092A864886F70D010702");
  assert_string_equal(hex_of(der::oid("0.4.0.127.0.7.2.2.4.2.2")).c_str(), "060A04007F0007020204020" "2");
  assert_string_equal(der::read_oid(hex("2A864886F70D010702"), "t").value().c_str(), "1.2.840.113549.1.7.2");
  assert_string_equal(der::read_oid(hex("6781080101 01"), "t").value().c_str(), "2.23.136.1.1.1");
  assert_false(der::read_oid(hex("2A80 01"), "t").ok());
  assert_false(der::read_oid(hex("2A86"), "t").ok());
  assert_false(der::read_oid({}, "t").ok());
}

void der_set_of_is_sorted(void**) {
  assert_string_equal(hex_of(der::set_of({hex("020105"), hex("0101FF")})).c_str(), "31060101FF020105");
  assert_string_equal(hex_of(der::sequence({hex("020105"), hex("0101FF")})).c_str(), "30060201050101FF");
  assert_string_equal(hex_of(der::algorithm("2.16.840.1.101.3.4.2.1")).c_str(), "300B0609608648016503040201");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reads_multi_byte_tags_and_long_lengths),
      cmocka_unit_test(refuses_what_der_forbids),
      cmocka_unit_test(refuses_malformed_tlvs),
      cmocka_unit_test(reader_names_unexpected_tags_and_leftovers),
      cmocka_unit_test(trees_nest_at_most_sixteen_deep),
      cmocka_unit_test(encodes_lengths_in_their_shortest_form),
      cmocka_unit_test(der_integers),
      cmocka_unit_test(der_object_identifiers),
      cmocka_unit_test(der_set_of_is_sorted),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
