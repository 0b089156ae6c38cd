// BAC and 3DES secure messaging against the worked example of ICAO Doc 9303
// part 11, appendix D (MRZ "L898902C<3", "690806", "940623"). Every expected
// value below is typed in from the standard, never computed by our code.
#include "scripted_card.hpp"
#include "station/card/access/access_key.hpp"
#include "station/card/access/bac.hpp"
#include "station/card/access/key_derivation.hpp"
#include "station/card/access/secure_channel.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card::access;
using access_test::hex;

void expect_hex(const hal::Bytes& actual, const char* expected) {
  assert_string_equal(hal::to_hex(actual).c_str(), access_test::hex_of(expected).c_str());
}

const MrzFields kMrz{"L898902C<", "690806", "940623"};

// D.2: the session's intermediate values.
const char* const kRndIc = "4608F91988702212";
const char* const kRndIfd = "781723860C06C226";
const char* const kKIfd = "0B795240CB7049B01C19B33E32804F0B";
const char* const kKIc = "0B4F80323EB3191CB04970CB4052790B";
const char* const kCommandCryptogram =
    "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"
    "5F1448EEA8AD90A7";
const char* const kAnswerCryptogram =
    "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F"
    "2F2D235D074D7449";

// D.4: SELECT EF.COM, then READ BINARY of 4 and of 18 bytes, protected.
const access_test::Exchange kSelectEfCom{"0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800",
                                         "990290008E08FA855A5D4C50A8ED9000"};
const access_test::Exchange kReadFour{"0CB000000D9701048E08ED6705417E96BA5500",
                                      "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"};
const access_test::Exchange kReadEighteen{
    "0CB000040D9701128E082EA28A70F3C7B53500",
    "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000"};

void check_digits_and_mrz_information(void**) {
  assert_int_equal(mrz_check_digit("L898902C<").value(), '3');
  assert_int_equal(mrz_check_digit("690806").value(), '1');
  assert_int_equal(mrz_check_digit("940623").value(), '6');
  auto info = mrz_information(kMrz);
  ASSERT_OK(info);
  assert_string_equal(info->c_str(), "L898902C<369080619406236");
  // The filler may be left out: the key is the same.
  assert_string_equal(mrz_information({"L898902C", "690806", "940623"}).value().c_str(), "L898902C<369080619406236");
}

void key_seed_and_authentication_keys(void**) {
  auto key = AccessKey::from_mrz(kMrz);
  ASSERT_OK(key);
  expect_hex(key->password(), "239AB9CB282DAF66231DC5A4DF6BFBAEDF477565");  // SHA-1 of the MRZ information
  expect_hex(key->bac_seed().value(), "239AB9CB282DAF66231DC5A4DF6BFBAE");
  auto keys = derive_bac_keys(key->bac_seed().value());
  ASSERT_OK(keys);
  expect_hex(keys->k_enc, "AB94FDECF2674FDFB9B391F85D7F76F2");
  expect_hex(keys->k_mac, "7962D9ECE03D1ACD4C76089DCE131543");
}

void parity_adjustment(void**) {
  // D.1 prints Ka and Kb before the parity bits are set.
  hal::Bytes key = hex("AB94FCEDF2664EDF B9B291F85D7F77F2");
  set_des_parity(key);
  expect_hex(key, "AB94FDECF2674FDF B9B391F85D7F76F2");
}

void mutual_authentication_cryptograms(void**) {
  auto keys = derive_bac_keys(hex("239AB9CB282DAF66231DC5A4DF6BFBAE")).value();
  hal::Bytes s = hex(kRndIfd);
  for (auto part : {hex(kRndIc), hex(kKIfd)}) s.insert(s.end(), part.begin(), part.end());
  auto sealed = seal_bac_cryptogram(keys, s);
  ASSERT_OK(sealed);
  expect_hex(*sealed, kCommandCryptogram);
  auto opened = open_bac_cryptogram(keys, hex(kAnswerCryptogram));
  ASSERT_OK(opened);
  expect_hex(*opened, "4608F91988702212781723860C06C2260B4F80323EB3191CB04970CB4052790B");
}

void session_keys_and_counter(void**) {
  auto keys = derive_bac_keys(hex("0036D272F5C350ACAC50C3F572D23600"));  // K.IFD xor K.IC
  ASSERT_OK(keys);
  expect_hex(keys->k_enc, "979EC13B1CBFE9DCD01AB0FED307EAE5");
  expect_hex(keys->k_mac, "F1CB1F1FB5ADF208806B89DC579DC1F8");
  auto session = bac_session(hex(kKIfd), hex(kKIc), hex(kRndIc), hex(kRndIfd));
  ASSERT_OK(session);
  expect_hex(session->ssc(), "887022120C06C226");
}

// The reader's whole side of appendix D, byte for byte, through the same
// code a real read uses.
void reader_replays_the_worked_example(void**) {
  access_test::ScriptedCard card({{"0084000008", "4608F91988702212 9000"},
                                  {"0082000028 72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"
                                   "5F1448EEA8AD90A7 28",
                                   "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F"
                                   "2F2D235D074D7449 9000"},
                                  kSelectEfCom, kReadFour, kReadEighteen});
  auto session = perform_bac(card.terminal, AccessKey::from_mrz(kMrz).value(), access_test::fixed_random({kRndIfd, kKIfd}));
  ASSERT_OK(session);
  expect_hex(session->ssc(), "887022120C06C226");
  SecureChannel channel(card.terminal, std::move(*session), "BAC");
  auto selected = channel.transmit(hal::CommandApdu::parse(hex("00 A4 02 0C 02 01 1E")).value());
  ASSERT_OK(selected);
  assert_int_equal(selected->sw, 0x9000);
  assert_int_equal(selected->data.size(), 0);
  auto first = channel.transmit(hal::CommandApdu::parse(hex("00 B0 00 00 04")).value());
  ASSERT_OK(first);
  expect_hex(first->data, "60145F01");
  auto rest = channel.transmit(hal::CommandApdu::parse(hex("00 B0 00 04 12")).value());
  ASSERT_OK(rest);
  expect_hex(rest->data, "04303130365F36063034303030305C026175");
  for (const auto& m : card.mismatches) fail_msg("%s", m.c_str());
  assert_int_equal(card.played(), 5);
}

// The card's side of the same exchange: it must read the reader's protected
// commands and produce the very answers the standard prints.
void card_side_replays_the_worked_example(void**) {
  auto session = bac_session(hex(kKIfd), hex(kKIc), hex(kRndIc), hex(kRndIfd)).value();
  struct Step {
    access_test::Exchange exchange;
    const char* plain_command;
    const char* plain_data;
  };
  const Step steps[] = {{kSelectEfCom, "00A4020C02011E", ""},
                        {kReadFour, "00B0000004", "60145F01"},
                        {kReadEighteen, "00B0000412", "04303130365F36063034303030305C026175"}};
  for (const Step& step : steps) {
    auto command = session.unprotect_command(hal::CommandApdu::parse(hex(step.exchange.command)).value());
    ASSERT_OK(command);
    expect_hex(command->encode().value(), step.plain_command);
    auto answer = session.protect_response({hex(step.plain_data), 0x9000}, false);
    ASSERT_OK(answer);
    expect_hex(answer->encode(), step.exchange.response);
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(check_digits_and_mrz_information),
      cmocka_unit_test(key_seed_and_authentication_keys),
      cmocka_unit_test(parity_adjustment),
      cmocka_unit_test(mutual_authentication_cryptograms),
      cmocka_unit_test(session_keys_and_counter),
      cmocka_unit_test(reader_replays_the_worked_example),
      cmocka_unit_test(card_side_replays_the_worked_example),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
