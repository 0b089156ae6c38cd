// Malformed and tampered secure messaging: every bad answer gets an error
// that says what was wrong (kCorrupt for integrity, kProtocol for shape), no
// answer crashes, and the channel closes behind any of them. Frames use the
// session of Doc 9303 part 11 appendix D; frames with a valid MAC around bad
// content are built here from the primitives, not by the code under test.
#include "scripted_card.hpp"
#include "station/card/access/bac.hpp"
#include "station/card/access/data_objects.hpp"
#include "station/card/access/secure_channel.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card::access;
using access_test::hex;

int code(hal::ErrorCode c) { return static_cast<int>(c); }
template <typename T>
int error_code(const hal::Result<T>& r) {
  return r.ok() ? -1 : code(r.error().code);
}

const char* const kSessionEnc = "979EC13B1CBFE9DCD01AB0FED307EAE5";
const char* const kSessionMac = "F1CB1F1FB5ADF208806B89DC579DC1F8";
// The SSC of appendix D's first response (SELECT EF.COM's answer).
const char* const kResponseSsc = "887022120C06C228";
const char* const kSelectEfCom = "00A4020C02011E";
const char* const kValidAnswer = "990290008E08FA855A5D4C50A8ED";

SmSession appendix_d_session() {
  return bac_session(hex("0B795240CB7049B01C19B33E32804F0B"), hex("0B4F80323EB3191CB04970CB4052790B"),
                     hex("4608F91988702212"), hex("781723860C06C226"))
      .value();
}

// The SM answer to appendix D's SELECT, SSC ...28: `objects` then a DO'8E'
// over them computed with the session MAC key.
hal::Bytes with_valid_mac(const hal::Bytes& objects) {
  hal::Bytes input = hex(kResponseSsc);
  input.insert(input.end(), objects.begin(), objects.end());
  hal::Bytes mac = retail_mac(hex(kSessionMac), pad(input, 8)).value();
  mac.resize(8);
  hal::Bytes out = objects;
  append_object(out, 0x8E, mac);
  return out;
}

// DO'87' with `indicator` around the 3DES encryption (zero IV) of `block`.
hal::Bytes encrypted_object(std::uint8_t indicator, const char* block) {
  hal::Bytes value{indicator};
  hal::Bytes cryptogram = cbc_encrypt(BlockCipher::kTdes, hex(kSessionEnc), hal::Bytes(8, 0), hex(block)).value();
  value.insert(value.end(), cryptogram.begin(), cryptogram.end());
  return encode_object(0x87, value);
}

// Protects the SELECT (SSC ...27), then unprotects `answer` (SSC ...28).
hal::Result<hal::ResponseApdu> answer_select(const hal::Bytes& data, std::uint16_t sw = 0x9000) {
  SmSession session = appendix_d_session();
  (void)session.protect_command(hal::CommandApdu::parse(hex(kSelectEfCom)).value());
  return session.unprotect_response({data, sw});
}

void expect(const hal::Result<hal::ResponseApdu>& r, hal::ErrorCode c, const char* says) {
  assert_int_equal(error_code(r), code(c));
  if (!strstr(r.error().message.c_str(), says)) fail_msg("expected '%s' in: %s", says, r.error().message.c_str());
}

void malformed_responses(void**) {
  ASSERT_OK(answer_select(hex(kValidAnswer)));
  expect(answer_select(hex("99029000")), hal::ErrorCode::kCorrupt, "DO'8E' missing");
  expect(answer_select({}), hal::ErrorCode::kCorrupt, "DO'8E' missing");
  expect(answer_select(hex("990290008E08FA855A5D4C50A8EE")), hal::ErrorCode::kCorrupt, "MAC does not verify");
  expect(answer_select(hex("990290008E04FA855A5D")), hal::ErrorCode::kCorrupt, "not 8");
  expect(answer_select(hex(kValidAnswer), 0x6A82), hal::ErrorCode::kCorrupt, "differs from SW1-SW2");
  expect(answer_select(hex("8E08FA855A5D4C50A8ED")), hal::ErrorCode::kCorrupt, "DO'99' missing");
  expect(answer_select(hex("870901FB9235F4E403")), hal::ErrorCode::kProtocol, "announces 9 bytes");
  expect(answer_select(hex("8E08FA855A5D4C50A8ED99029000")), hal::ErrorCode::kProtocol, "out of order");
  expect(answer_select(hex("9A0100990290008E08FA855A5D4C50A8ED")), hal::ErrorCode::kProtocol, "unexpected");
  expect(answer_select(hex("99840000029000")), hal::ErrorCode::kProtocol, "too long");
}

// Valid MACs around bad content: the peer holds the keys but breaks the rules.
void bad_content_under_a_valid_mac(void**) {
  hal::Bytes status = hex("99029000");
  hal::Bytes no_marker = encrypted_object(0x01, "0102030405060708");
  no_marker.insert(no_marker.end(), status.begin(), status.end());
  expect(answer_select(with_valid_mac(no_marker)), hal::ErrorCode::kCorrupt, "padding");

  hal::Bytes wrong_indicator = encrypted_object(0x02, "0102038000000000");
  wrong_indicator.insert(wrong_indicator.end(), status.begin(), status.end());
  expect(answer_select(with_valid_mac(wrong_indicator)), hal::ErrorCode::kProtocol, "padding indicator");

  hal::Bytes ragged = encode_object(0x87, hex("01AABBCC"));
  ragged.insert(ragged.end(), status.begin(), status.end());
  expect(answer_select(with_valid_mac(ragged)), hal::ErrorCode::kProtocol, "not whole");

  expect(answer_select(with_valid_mac(hex("990190"))), hal::ErrorCode::kCorrupt, "a status word is 2");
  // The sanity check that this construction is right: good content passes.
  hal::Bytes good = encrypted_object(0x01, "0102038000000000");
  good.insert(good.end(), status.begin(), status.end());
  auto plain = answer_select(with_valid_mac(good));
  ASSERT_OK(plain);
  assert_string_equal(hal::to_hex(plain->data).c_str(), "010203");
}

void card_side_refusals(void**) {
  SmSession card = appendix_d_session();
  auto missing = card.unprotect_command(hal::CommandApdu::parse(hex("0CA4020C0B8709016375432908C044F600")).value());
  assert_int_equal(error_code(missing), code(hal::ErrorCode::kProtocol));
  SmSession card2 = appendix_d_session();
  auto wrong = card2.unprotect_command(
      hal::CommandApdu::parse(hex("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F900")).value());
  assert_int_equal(error_code(wrong), code(hal::ErrorCode::kCorrupt));
  SmSession reader = appendix_d_session();
  assert_int_equal(error_code(reader.protect_command(hal::CommandApdu::parse(hex("0CA4020C02011E")).value())),
                   code(hal::ErrorCode::kInvalidArgument));
}

hal::CommandApdu select_ef_com() { return hal::CommandApdu::parse(hex(kSelectEfCom)).value(); }

void channel_closes_behind_errors(void**) {
  const char* const protected_select = "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800";
  {
    access_test::ScriptedCard card(access_test::Script{{protected_select, "990290008E08FA855A5D4C50A8EE9000"}});
    SecureChannel channel(card.terminal, appendix_d_session(), "BAC");
    auto tampered = channel.transmit(select_ef_com());
    assert_int_equal(error_code(tampered), code(hal::ErrorCode::kCorrupt));
    assert_non_null(strstr(tampered.error().message.c_str(), "BAC secure messaging"));
    assert_false(channel.is_open());
    auto after = channel.transmit(select_ef_com());
    assert_int_equal(error_code(after), code(hal::ErrorCode::kFailedPrecondition));
    assert_non_null(strstr(after.error().message.c_str(), "MAC"));
  }
  {
    access_test::ScriptedCard card(access_test::Script{{protected_select, "6988"}});
    SecureChannel channel(card.terminal, appendix_d_session(), "BAC");
    auto rejected = channel.transmit(select_ef_com());
    assert_int_equal(error_code(rejected), code(hal::ErrorCode::kProtocol));
    assert_non_null(strstr(rejected.error().message.c_str(), "6988"));
  }
  {
    access_test::ScriptedCard card(access_test::Script{{protected_select, "6A82"}});
    SecureChannel channel(card.terminal, appendix_d_session(), "BAC");
    auto plain_error = channel.transmit(select_ef_com());
    ASSERT_OK(plain_error);
    assert_int_equal(plain_error->sw, 0x6A82);
    assert_false(channel.is_open());
  }
  {
    access_test::ScriptedCard card(access_test::Script{{protected_select, "9000"}});
    SecureChannel channel(card.terminal, appendix_d_session(), "BAC");
    assert_int_equal(error_code(channel.transmit(select_ef_com())), code(hal::ErrorCode::kCorrupt));
  }
  {
    access_test::ScriptedCard card(access_test::Script{});
    card.terminal.pull_card_at(0);
    SecureChannel channel(card.terminal, appendix_d_session(), "BAC");
    assert_int_equal(error_code(channel.transmit(select_ef_com())), code(hal::ErrorCode::kCardRemoved));
    assert_false(channel.is_open());
  }
  {
    access_test::ScriptedCard card(access_test::Script{});
    SecureChannel channel(card.terminal, appendix_d_session(), "BAC");
    // 232 bytes of plain data cannot travel in a short APDU under 3DES SM.
    auto too_big = channel.transmit({0x00, 0xD6, 0x00, 0x00, hal::Bytes(232, 0), std::nullopt});
    assert_int_equal(error_code(too_big), code(hal::ErrorCode::kInvalidArgument));
    assert_true(channel.is_open());
    ASSERT_OK(channel.disconnect(hal::Disposition::kLeave));
    assert_false(channel.is_open());
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(malformed_responses),
      cmocka_unit_test(bad_content_under_a_valid_mac),
      cmocka_unit_test(card_side_refusals),
      cmocka_unit_test(channel_closes_behind_errors),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
