// The primitives against published vectors (RFC 4493, NIST SP 800-38A), the
// padding and data object codecs at their edges, and the refusals of bad
// access keys.
#include "station/card/access/access_key.hpp"
#include "station/card/access/data_objects.hpp"
#include "station/card/access/primitives.hpp"
#include "station/card/access/secure_messaging.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card::access;

hal::Bytes hex(const char* text) { return hal::from_hex(text).value(); }
void expect_hex(const hal::Bytes& actual, const char* expected) {
  assert_string_equal(hal::to_hex(actual).c_str(), hal::to_hex(hex(expected)).c_str());
}
int code(hal::ErrorCode c) { return static_cast<int>(c); }
template <typename T>
int error_code(const hal::Result<T>& r) {
  return r.ok() ? -1 : code(r.error().code);
}

const char* const kNistKey = "2B7E151628AED2A6ABF7158809CF4F3C";

void aes_cmac_rfc4493(void**) {
  expect_hex(aes_cmac(hex(kNistKey), {}).value(), "BB1D6929E95937287FA37D129B756746");
  expect_hex(aes_cmac(hex(kNistKey), hex("6BC1BEE22E409F96E93D7E117393172A")).value(),
             "070A16B46B4D4144F79BDD9DD04A287C");
  expect_hex(aes_cmac(hex(kNistKey), hex("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51"
                                         "30C81C46A35CE411"))
                 .value(),
             "DFA66747DE9AE63030CA32611497C827");
}

void aes_cbc_sp800_38a(void**) {
  const hal::Bytes iv = hex("000102030405060708090A0B0C0D0E0F");
  auto encrypted = cbc_encrypt(BlockCipher::kAes128, hex(kNistKey), iv, hex("6BC1BEE22E409F96E93D7E117393172A"));
  ASSERT_OK(encrypted);
  expect_hex(*encrypted, "7649ABAC8119B246CEE98E9B12E9197D");
  expect_hex(cbc_decrypt(BlockCipher::kAes128, hex(kNistKey), iv, *encrypted).value(),
             "6BC1BEE22E409F96E93D7E117393172A");
}

void cipher_arguments_are_checked(void**) {
  const hal::Bytes key(16, 1);
  assert_int_equal(error_code(cbc_encrypt(BlockCipher::kTdes, hal::Bytes(8, 1), hal::Bytes(8, 0), hal::Bytes(8, 0))),
                   code(hal::ErrorCode::kInvalidArgument));
  assert_int_equal(error_code(cbc_encrypt(BlockCipher::kAes128, key, hal::Bytes(8, 0), hal::Bytes(16, 0))),
                   code(hal::ErrorCode::kInvalidArgument));
  assert_int_equal(error_code(cbc_decrypt(BlockCipher::kTdes, key, hal::Bytes(8, 0), hal::Bytes(7, 0))),
                   code(hal::ErrorCode::kInvalidArgument));
  assert_int_equal(error_code(retail_mac(key, {})), code(hal::ErrorCode::kInvalidArgument));
  assert_int_equal(error_code(aes_cmac(hal::Bytes(15, 1), {})), code(hal::ErrorCode::kInvalidArgument));
}

void padding_method_2(void**) {
  expect_hex(pad(hex("1234"), 8), "1234800000000000");
  expect_hex(pad({}, 8), "8000000000000000");
  expect_hex(pad(hex("1234567890ABCDEF"), 8), "1234567890ABCDEF8000000000000000");
  expect_hex(unpad(hex("1234800000000000"), 8).value(), "1234");
  expect_hex(unpad(hex("1234567880800000"), 8).value(), "1234567880");
  expect_hex(unpad(hex("1234567890ABCDEF8000000000000000"), 8).value(), "1234567890ABCDEF");
  assert_int_equal(error_code(unpad(hex("1234000000000000"), 8)), code(hal::ErrorCode::kProtocol));
  // The marker must sit in the last block.
  assert_int_equal(error_code(unpad(hex("1234800000000000 0000000000000000"), 8)), code(hal::ErrorCode::kProtocol));
  assert_int_equal(error_code(unpad(hex("12348000"), 8)), code(hal::ErrorCode::kProtocol));
  assert_int_equal(error_code(unpad({}, 8)), code(hal::ErrorCode::kProtocol));
}

void data_objects_lengths(void**) {
  hal::Bytes small = encode_object(0x87, hal::Bytes(0x7F, 0));
  expect_hex(hal::Bytes(small.begin(), small.begin() + 2), "877F");
  hal::Bytes medium = encode_object(0x87, hal::Bytes(0x80, 0xAA));
  expect_hex(hal::Bytes(medium.begin(), medium.begin() + 3), "878180");
  hal::Bytes big = encode_object(0x7F49, hal::Bytes(0x100, 0xBB));
  expect_hex(hal::Bytes(big.begin(), big.begin() + 5), "7F49820100");
  auto parsed = read_data_objects(big, "test");
  ASSERT_OK(parsed);
  assert_int_equal(parsed->size(), 1);
  assert_int_equal(parsed->front().tag, 0x7F49);
  assert_int_equal(parsed->front().value.size(), 0x100);
  assert_int_equal(parsed->front().encoded.size(), big.size());
  struct Bad {
    const char* data;
    const char* says;
  };
  const Bad bad[] = {{"8709016375", "announces 9 bytes"},
                     {"8780", "indefinite"},
                     {"8783010000", "too long"},
                     {"87", "no length"},
                     {"7F", "cut off"},
                     {"7F8101 00", "longer than two bytes"},
                     {"8781", "cut off"}};
  for (const Bad& b : bad) {
    auto r = read_data_objects(hex(b.data), "the test data");
    assert_int_equal(error_code(r), code(hal::ErrorCode::kProtocol));
    if (!strstr(r.error().message.c_str(), b.says)) fail_msg("%s: %s", b.data, r.error().message.c_str());
  }
}

void plain_data_limits(void**) {
  assert_int_equal(SmSession::max_plain_data(BlockCipher::kTdes, 255), 231);
  assert_int_equal(SmSession::max_plain_data(BlockCipher::kAes128, 256), 223);
  assert_int_equal(SmSession::max_plain_data(BlockCipher::kAes128, 14), 0);
  // The largest 3DES answer in 65 535 bytes: DO'87' 82 LL LL 01 + 65 512.
  assert_int_equal(SmSession::max_plain_data(BlockCipher::kTdes, 65535), 65511);
}

void bad_access_keys_are_named(void**) {
  struct Bad {
    MrzFields fields;
    const char* says;
  };
  const Bad bad[] = {{{"l898902c", "690806", "940623"}, "document number"},
                     {{"", "690806", "940623"}, "empty"},
                     {{"L898902C", "691306", "940623"}, "date of birth"},
                     {{"L898902C", "690806", "9406"}, "date of expiry"},
                     {{"L898902C", "690806", "94O623"}, "date of expiry"}};
  for (const Bad& b : bad) {
    auto key = AccessKey::from_mrz(b.fields);
    assert_int_equal(error_code(key), code(hal::ErrorCode::kInvalidArgument));
    if (!strstr(key.error().message.c_str(), b.says)) fail_msg("%s", key.error().message.c_str());
  }
  assert_int_equal(error_code(AccessKey::from_can("12345")), code(hal::ErrorCode::kInvalidArgument));
  assert_int_equal(error_code(AccessKey::from_can("12345a")), code(hal::ErrorCode::kInvalidArgument));
  assert_int_equal(error_code(AccessKey::from_mrz_hash(hal::Bytes(19, 0))), code(hal::ErrorCode::kInvalidArgument));
  assert_int_equal(error_code(AccessKey::from_can("123456").value().bac_seed()), code(hal::ErrorCode::kInvalidArgument));
  assert_int_equal(error_code(mrz_check_digit("AB*")), code(hal::ErrorCode::kInvalidArgument));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(aes_cmac_rfc4493),     cmocka_unit_test(aes_cbc_sp800_38a),
      cmocka_unit_test(cipher_arguments_are_checked), cmocka_unit_test(padding_method_2),
      cmocka_unit_test(data_objects_lengths), cmocka_unit_test(plain_data_limits),
      cmocka_unit_test(bad_access_keys_are_named),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
