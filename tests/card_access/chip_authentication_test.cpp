// Chip Authentication (ICAO Doc 9303 part 11 section 6.2) between the
// reader's code and card-sim through the real pcscd and vpcd: after PACE the
// chip proves it holds DG14's private key, secure messaging restarts under
// the agreed keys (the PACE keys are refused from then on), Active
// Authentication still works, and a wrong key on either side is refused
// with an error naming it.
#include <cstring>

#include "access_rig.hpp"
#include "station/card/access/active_authentication.hpp"
#include "station/card/access/chip_authentication.hpp"
#include "station/card/access/data_objects.hpp"
#include "station/card/access/open_channel.hpp"
#include "station/card/access/pace.hpp"
#include "cmocka.hpp"

namespace {

using namespace card_access_test;
using namespace station::card::access;
using rig_test::code;
using rig_test::error_code;

AccessKey can() { return AccessKey::from_can(kCan).value(); }

void expect_dg1(const hal::Result<hal::ResponseApdu>& read) {
  ASSERT_OK(read);
  assert_int_equal(read->sw, 0x9000);
  assert_string_equal(hal::to_hex(read->data).c_str(), kDg1);
}

void expect_in(const std::string& text, const char* words) {
  if (text.find(words) == std::string::npos) fail_msg("'%s' does not mention '%s'", text.c_str(), words);
}

// PACE, and a copy of its session kept aside (the channel owns the other).
struct Paced {
  std::unique_ptr<SecureChannel> channel;
  SmSession pace_keys;
};

Paced pace(AccessRig& rig) {
  connect(rig);
  auto session = perform_pace(rig.terminal(), can(), PaceCurve::kBrainpoolP256r1);
  if (!session) fail_msg("PACE: %s", session.error().message.c_str());
  Paced out{std::make_unique<SecureChannel>(rig.terminal(), *session, "PACE"), *session};
  if (auto selected = select_emrtd_application(*out.channel); !selected)
    fail_msg("SELECT: %s", selected.error().message.c_str());
  // The copy must stand where the card's PACE session stands: SELECT's pair.
  (void)out.pace_keys.protect_command({0x00, 0xA4, 0x04, 0x0C, {0xA0}, std::nullopt});
  (void)out.pace_keys.unprotect_response({{}, 0x9000});
  return out;
}

void chip_authentication_restarts_secure_messaging(void** state) {
  AccessRig& rig = access_rig(state);
  Paced paced = pace(rig);
  ASSERT_OK(perform_chip_authentication(*paced.channel, rig.card.ca_public_key, 1));
  assert_string_equal(paced.channel->method().c_str(), "PACE + Chip Authentication");
  expect_dg1(read_dg1(*paced.channel));
  ASSERT_OK(perform_active_authentication(*paced.channel, rig.card.aa_public_key));
}

void pace_keys_are_refused_after_chip_authentication(void** state) {
  AccessRig& rig = access_rig(state);
  Paced paced = pace(rig);
  // The PACE copy follows the two command/answer pairs of Chip
  // Authentication, so only the keys differ from what the card expects
  // next; a card that kept the PACE keys would accept this command.
  SmSession old = paced.pace_keys;
  ASSERT_OK(perform_chip_authentication(*paced.channel, rig.card.ca_public_key, 1));
  for (int i = 0; i < 2; ++i) {
    (void)old.protect_command({0x00, 0x22, 0x41, 0xA4, {0x80}, std::nullopt});
    (void)old.unprotect_response({{}, 0x9000});
  }
  // ... and the confirming SELECT the reader sent under the new keys.
  (void)old.protect_command({0x00, 0xA4, 0x04, 0x0C, {0xA0}, std::nullopt});
  (void)old.unprotect_response({{}, 0x9000});
  auto stale = old.protect_command({0x00, 0xA4, 0x02, 0x0C, {0x01, 0x01}, std::nullopt});
  ASSERT_OK(stale);
  auto answer = rig.terminal().transmit(*stale);
  ASSERT_OK(answer);
  // Part 11 section 9.8.7: a wrong MAC is answered 6988 in plain.
  assert_int_equal(answer->sw, 0x6988);
}

void a_chip_without_dg14s_private_key_is_refused(void** state) {
  AccessRig& rig = access_rig(state);
  Paced paced = pace(rig);
  // DG15's key stands in for a DG14 key whose private half the chip lacks.
  auto done = perform_chip_authentication(*paced.channel, rig.card.aa_public_key, 1);
  assert_int_equal(error_code(done), code(hal::ErrorCode::kCorrupt));
  expect_in(done.error().message, "Chip Authentication failed");
  expect_in(done.error().message, "does not hold the matching private key");
}

void an_ephemeral_key_off_the_curve_is_refused(void** state) {
  AccessRig& rig = access_rig(state);
  Paced paced = pace(rig);
  hal::Bytes mse = encode_object(0x80, kCaEcdhAesCbcCmac128);
  append_object(mse, 0x84, hal::Bytes{0x01});
  auto set = paced.channel->transmit({0x00, 0x22, 0x41, 0xA4, mse, std::nullopt});
  ASSERT_OK(set);
  assert_int_equal(set->sw, 0x9000);
  // An uncompressed point whose coordinates are not on P-256.
  hal::Bytes bogus(65, 0x11);
  bogus[0] = 0x04;
  auto ga = paced.channel->transmit({0x00, 0x86, 0x00, 0x00, authentication_data(0x80, bogus), 256});
  ASSERT_OK(ga);
  assert_int_equal(ga->sw, 0x6A80);
  // The reader's own check names the bad key before sending anything.
  hal::Bytes not_a_key = {0x30, 0x03, 0x02, 0x01, 0x01};
  Paced again = pace(rig);
  auto done = perform_chip_authentication(*again.channel, not_a_key, 1);
  assert_int_equal(error_code(done), code(hal::ErrorCode::kInvalidArgument));
  expect_in(done.error().message, "DG14's Chip Authentication public key is not a DER SubjectPublicKeyInfo");
}

void chip_authentication_needs_secure_messaging(void** state) {
  AccessRig& rig = access_rig(state);
  connect(rig);
  hal::Bytes mse = encode_object(0x80, kCaEcdhAesCbcCmac128);
  auto set = rig.terminal().transmit({0x00, 0x22, 0x41, 0xA4, mse, std::nullopt});
  ASSERT_OK(set);
  assert_int_equal(set->sw, 0x6982);
}

int setup(void** state) { return start(state); }

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(chip_authentication_restarts_secure_messaging),
      cmocka_unit_test(pace_keys_are_refused_after_chip_authentication),
      cmocka_unit_test(a_chip_without_dg14s_private_key_is_refused),
      cmocka_unit_test(an_ephemeral_key_off_the_curve_is_refused),
      cmocka_unit_test(chip_authentication_needs_secure_messaging),
  };
  return cmocka_run_group_tests(tests, setup, stop);
}
