// The reader's BAC, PACE, secure messaging and Active Authentication against
// the simulated card's, in-process: both directions of every protocol, the
// lock's "secure messaging only" rule, and the refusals a wrong key earns.
#include "sim_terminal.hpp"
#include "station/card/access/active_authentication.hpp"
#include "station/card/access/bac.hpp"
#include "station/card/access/open_channel.hpp"
#include "station/card/access/pace.hpp"
#include "test_keys.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card::access;
using access_test::bytes;
using access_test::SimTerminal;

const char* const kDg1 = "615B5F1F58493C56544E";  // the start of a DG1, enough to recognise
const std::size_t kDg2Pattern = 3000;

int code(hal::ErrorCode c) { return static_cast<int>(c); }
template <typename T>
int error_code(const hal::Result<T>& r) {
  return r.ok() ? -1 : code(r.error().code);
}

hal::Bytes pattern(std::size_t size) {
  hal::Bytes out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return out;
}

struct Card {
  std::unique_ptr<SimTerminal> sim;
  access_test::TestKeyPair aa;
};

// What personalization leaves: EF.CardAccess, DG1, part of DG2, the access
// secrets and the AA key, then the lock.
Card personalized(const char* card_access = access_test::kCardAccessBrainpool, bool lock = true,
                  bool extended = true) {
  Card c{std::make_unique<SimTerminal>(extended), access_test::make_key_pair()};
  SimTerminal& s = *c.sim;
  hal::Bytes ca = bytes(card_access);
  assert_int_equal(s.plain("00A4020C02011C"), 0x9000);
  assert_int_equal(s.plain({0x00, 0xD6, 0x00, 0x00, ca, std::nullopt}), 0x9000);
  assert_int_equal(s.plain("00A4040C07A0000002471001"), 0x9000);
  assert_int_equal(s.plain("00A4020C020101"), 0x9000);
  assert_int_equal(s.plain({0x00, 0xD6, 0x00, 0x00, bytes(kDg1), std::nullopt}), 0x9000);
  assert_int_equal(s.plain("00A4020C020102"), 0x9000);
  for (std::size_t at = 0; at < kDg2Pattern; at += 250) {
    const hal::Bytes all = pattern(kDg2Pattern);
    hal::Bytes part(all.begin() + static_cast<long>(at), all.begin() + static_cast<long>(std::min(at + 250, kDg2Pattern)));
    assert_int_equal(s.plain({0x00, 0xD6, static_cast<std::uint8_t>(at >> 8), static_cast<std::uint8_t>(at), part,
                              std::nullopt}),
                     0x9000);
  }
  auto mrz = AccessKey::from_mrz(access_test::kHolderMrz).value();
  auto can = AccessKey::from_can(access_test::kHolderCan).value();
  assert_int_equal(s.plain(put_mrz_key(mrz).value()), 0x9000);
  assert_int_equal(s.plain(put_can(can).value()), 0x9000);
  assert_int_equal(s.plain(put_aa_private_key(c.aa.private_key).value()), 0x9000);
  if (lock) assert_int_equal(s.plain("00DA00C00101"), 0x9000);
  s.reset();
  return c;
}

AccessKey holder_mrz() { return AccessKey::from_mrz(access_test::kHolderMrz).value(); }

hal::Result<hal::ResponseApdu> read(hal::CardTerminal& t, std::uint16_t offset, std::size_t ne) {
  return t.transmit({0x00, 0xB0, static_cast<std::uint8_t>(offset >> 8), static_cast<std::uint8_t>(offset), {}, ne});
}

void expect_dg1(SecureChannel& channel) {
  auto selected = channel.transmit({0x00, 0xA4, 0x02, 0x0C, {0x01, 0x01}, std::nullopt});
  ASSERT_OK(selected);
  assert_int_equal(selected->sw, 0x9000);
  auto content = read(channel, 0, 10);
  ASSERT_OK(content);
  assert_int_equal(content->sw, 0x9000);
  assert_string_equal(hal::to_hex(content->data).c_str(), kDg1);
}

void locked_card_reads_only_under_secure_messaging(void**) {
  Card c = personalized();
  SimTerminal& s = *c.sim;
  // EF.CardAccess stays readable: PACE needs it before any key.
  auto card_access = read_card_access(s.terminal);
  ASSERT_OK(card_access);
  assert_string_equal(hal::to_hex(hal::ByteView(card_access->value()).first(22)).c_str(), access_test::kCardAccessBrainpool);
  assert_int_equal(s.plain("00A4040C07A0000002471001"), 0x9000);
  assert_int_equal(s.plain("00A4020C020101"), 0x9000);
  assert_int_equal(s.plain("00B000000A"), 0x6982);
  assert_int_equal(s.plain("00B081000A"), 0x6982);  // by short EF identifier too
  // Writes were closed by the lock.
  assert_int_equal(s.plain("00D6000001FF"), 0x6985);
}

void bac_then_read_and_active_authentication(void**) {
  Card c = personalized();
  auto channel = open_secure_channel(c.sim->terminal, holder_mrz(), std::nullopt, AccessMethod::kBac);
  ASSERT_OK(channel);
  assert_string_equal((*channel)->method().c_str(), "BAC");
  expect_dg1(**channel);
  ASSERT_OK(perform_active_authentication(**channel, c.aa.public_key));
}

void pace_with_mrz_and_can_on_both_curves(void**) {
  struct Case {
    const char* card_access;
    PaceCurve curve;
    bool use_can;
  };
  const Case cases[] = {{access_test::kCardAccessBrainpool, PaceCurve::kBrainpoolP256r1, false},
                        {access_test::kCardAccessNist, PaceCurve::kNistP256, false},
                        {access_test::kCardAccessBrainpool, PaceCurve::kBrainpoolP256r1, true},
                        {access_test::kCardAccessNist, PaceCurve::kNistP256, true}};
  for (const Case& k : cases) {
    Card c = personalized(k.card_access);
    const AccessKey key = k.use_can ? AccessKey::from_can(access_test::kHolderCan).value() : holder_mrz();
    auto channel = open_secure_channel(c.sim->terminal, key, k.curve);
    ASSERT_OK(channel);
    assert_string_equal((*channel)->method().c_str(), "PACE");
    expect_dg1(**channel);
    ASSERT_OK(perform_active_authentication(**channel, c.aa.public_key));
  }
}

void wrong_mrz_or_can_is_permission_denied(void**) {
  Card c = personalized();
  const AccessKey wrong_mrz = AccessKey::from_mrz({"C4X7N2P91", "920315", "310315"}).value();
  const AccessKey wrong_can = AccessKey::from_can("482914").value();
  auto bac = open_secure_channel(c.sim->terminal, wrong_mrz, std::nullopt, AccessMethod::kBac);
  assert_int_equal(error_code(bac), code(hal::ErrorCode::kPermissionDenied));
  assert_non_null(strstr(bac.error().message.c_str(), "6300"));
  c.sim->reset();
  auto pace_mrz = open_secure_channel(c.sim->terminal, wrong_mrz, PaceCurve::kBrainpoolP256r1);
  assert_int_equal(error_code(pace_mrz), code(hal::ErrorCode::kPermissionDenied));
  c.sim->reset();
  auto pace_can = open_secure_channel(c.sim->terminal, wrong_can, PaceCurve::kBrainpoolP256r1);
  assert_int_equal(error_code(pace_can), code(hal::ErrorCode::kPermissionDenied));
  // The right key still opens the card afterwards.
  c.sim->reset();
  ASSERT_OK(open_secure_channel(c.sim->terminal, holder_mrz(), PaceCurve::kBrainpoolP256r1));
}

void can_needs_pace_and_a_stored_can(void**) {
  Card c = personalized();
  const AccessKey can = AccessKey::from_can(access_test::kHolderCan).value();
  assert_int_equal(error_code(open_secure_channel(c.sim->terminal, can, std::nullopt)),
                   code(hal::ErrorCode::kUnsupported));
  assert_int_equal(error_code(open_secure_channel(c.sim->terminal, can, std::nullopt, AccessMethod::kBac)),
                   code(hal::ErrorCode::kInvalidArgument));
  // A card that was never given a CAN refuses MSE:Set AT with 6A88.
  SimTerminal blank;
  auto refused = perform_pace(blank.terminal, can, PaceCurve::kNistP256);
  assert_int_equal(error_code(refused), code(hal::ErrorCode::kCardStatus));
  assert_non_null(strstr(refused.error().message.c_str(), "6A88"));
}

void extended_and_odd_ins_reads_under_secure_messaging(void**) {
  Card c = personalized();
  auto channel = open_secure_channel(c.sim->terminal, holder_mrz(), PaceCurve::kBrainpoolP256r1);
  ASSERT_OK(channel);
  auto caps = (*channel)->capabilities();
  ASSERT_OK(caps);
  assert_true(caps->max_response_data > kDg2Pattern);
  ASSERT_OK((*channel)->transmit({0x00, 0xA4, 0x02, 0x0C, {0x01, 0x02}, std::nullopt}));
  auto whole = read(**channel, 0, kDg2Pattern);
  ASSERT_OK(whole);
  assert_int_equal(whole->sw, 0x9000);
  assert_true(whole->data == pattern(kDg2Pattern));
  // READ BINARY with odd INS: offset in DO'54', data back in DO'53' (its
  // encrypted form travels in DO'85'). Ne 20 holds 53 12 and 18 bytes.
  auto odd = (*channel)->transmit({0x00, 0xB1, 0x00, 0x00, bytes("540201F4"), 20});
  ASSERT_OK(odd);
  assert_int_equal(odd->sw, 0x9000);
  hal::Bytes expected = bytes("5312");
  const hal::Bytes all = pattern(kDg2Pattern);
  expected.insert(expected.end(), all.begin() + 500, all.begin() + 518);
  assert_string_equal(hal::to_hex(odd->data).c_str(), hal::to_hex(expected).c_str());
}

void short_apdus_fit_the_reader_under_secure_messaging(void**) {
  Card c = personalized(access_test::kCardAccessBrainpool, true, false);
  for (AccessMethod method : {AccessMethod::kBac, AccessMethod::kPace}) {
    c.sim->reset();
    auto channel = open_secure_channel(c.sim->terminal, holder_mrz(), PaceCurve::kBrainpoolP256r1, method);
    ASSERT_OK(channel);
    auto caps = (*channel)->capabilities();
    ASSERT_OK(caps);
    // ISO 9797-1 padding, DO'87' with its indicator, DO'97'/'99' and DO'8E'
    // within 255/256 bytes: 231 plain bytes for 3DES, 223 for AES.
    const std::size_t most = method == AccessMethod::kBac ? 231 : 223;
    assert_int_equal(caps->max_response_data, most);
    assert_int_equal(caps->max_command_data, most);
    ASSERT_OK((*channel)->transmit({0x00, 0xA4, 0x02, 0x0C, {0x01, 0x02}, std::nullopt}));
    auto chunk = read(**channel, 0, most);
    ASSERT_OK(chunk);
    assert_int_equal(chunk->data.size(), most);
    assert_int_equal(error_code(read(**channel, 0, most + 1)), code(hal::ErrorCode::kInvalidArgument));
  }
}

void active_authentication_rules(void**) {
  Card c = personalized();
  // Plain INTERNAL AUTHENTICATE on a locked card: refused.
  assert_int_equal(c.sim->plain({0x00, 0x88, 0x00, 0x00, bytes("0102030405060708"), 256}), 0x6982);
  auto channel = open_secure_channel(c.sim->terminal, holder_mrz(), PaceCurve::kBrainpoolP256r1);
  ASSERT_OK(channel);
  // Another card's key: the signature does not verify.
  const access_test::TestKeyPair other = access_test::make_key_pair();
  assert_int_equal(error_code(perform_active_authentication(**channel, other.public_key)),
                   code(hal::ErrorCode::kCorrupt));
  ASSERT_OK(perform_active_authentication(**channel, c.aa.public_key));
  // Before the lock, personalization may test the key in plain.
  Card open_card = personalized(access_test::kCardAccessBrainpool, false);
  ASSERT_OK(perform_active_authentication(open_card.sim->terminal, open_card.aa.public_key));
}

void session_ends_on_reset_plain_command_or_sm_error(void**) {
  Card c = personalized();
  auto channel = open_secure_channel(c.sim->terminal, holder_mrz(), PaceCurve::kBrainpoolP256r1);
  ASSERT_OK(channel);
  // Reset: the card forgot the keys and answers a secured command in plain.
  c.sim->reset();
  auto after_reset = (*channel)->transmit({0x00, 0xA4, 0x02, 0x0C, {0x01, 0x01}, std::nullopt});
  ASSERT_OK(after_reset);
  assert_int_equal(after_reset->sw, 0x6882);
  assert_false((*channel)->is_open());
  assert_int_equal(error_code((*channel)->transmit({0x00, 0xA4, 0x02, 0x0C, {0x01, 0x01}, std::nullopt})),
                   code(hal::ErrorCode::kFailedPrecondition));

  // A plain command between secured ones ends the card's session.
  c.sim->reset();
  channel = open_secure_channel(c.sim->terminal, holder_mrz(), PaceCurve::kBrainpoolP256r1);
  ASSERT_OK(channel);
  assert_int_equal(c.sim->plain("00A4040C07A0000002471001"), 0x9000);
  auto after_plain = (*channel)->transmit({0x00, 0xA4, 0x02, 0x0C, {0x01, 0x01}, std::nullopt});
  ASSERT_OK(after_plain);
  assert_int_equal(after_plain->sw, 0x6882);

  // A command whose MAC the card cannot verify: 6988, and the session is gone.
  c.sim->reset();
  assert_int_equal(c.sim->plain("00A4040C07A0000002471001"), 0x9000);
  auto session = perform_bac(c.sim->terminal, holder_mrz());
  ASSERT_OK(session);
  auto wrapped = session->protect_command({0x00, 0xA4, 0x02, 0x0C, {0x01, 0x01}, std::nullopt});
  ASSERT_OK(wrapped);
  wrapped->data.back() ^= 0x01;  // the last MAC byte
  assert_int_equal(c.sim->plain(*wrapped), 0x6988);
  SecureChannel channel_after_error(c.sim->terminal, std::move(*session), "BAC");
  auto refused = channel_after_error.transmit({0x00, 0xB0, 0x00, 0x00, {}, 4});
  ASSERT_OK(refused);
  assert_int_equal(refused->sw, 0x6882);  // the card holds no session any more
}

void card_refuses_malformed_pace_commands(void**) {
  Card c = personalized();
  SimTerminal& s = *c.sim;
  assert_int_equal(s.plain("10860000027C0000"), 0x6985);                                  // no MSE:Set AT yet
  assert_int_equal(s.plain("0022C1A40F800A04007F00070202040203830101"), 0x6A80);          // DH, not ECDH
  assert_int_equal(s.plain("0022C1A412800A04007F0007020204020283010184010E"), 0x6A80);    // curve 14
  assert_int_equal(s.plain("0022C1A40F800A04007F00070202040202830103"), 0x6A88);          // no such password
  assert_int_equal(s.plain("0022C1A40F800A04007F00070202040202830101"), 0x9000);
  assert_int_equal(s.plain("00860000027C0000"), 0x6A80);  // the first step must be chained
  // A failed step ends the run: the reader starts over.
  assert_int_equal(s.plain("10860000027C0000"), 0x6985);
  assert_int_equal(s.plain("0022C1A40F800A04007F00070202040202830101"), 0x9000);
  assert_int_equal(s.plain("10860000027C0000"), 0x9000);
  assert_int_equal(s.plain("10860000057C03810100"), 0x6A80);  // not a point
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(locked_card_reads_only_under_secure_messaging),
      cmocka_unit_test(bac_then_read_and_active_authentication),
      cmocka_unit_test(pace_with_mrz_and_can_on_both_curves),
      cmocka_unit_test(wrong_mrz_or_can_is_permission_denied),
      cmocka_unit_test(can_needs_pace_and_a_stored_can),
      cmocka_unit_test(extended_and_odd_ins_reads_under_secure_messaging),
      cmocka_unit_test(short_apdus_fit_the_reader_under_secure_messaging),
      cmocka_unit_test(active_authentication_rules),
      cmocka_unit_test(session_ends_on_reset_plain_command_or_sm_error),
      cmocka_unit_test(card_refuses_malformed_pace_commands),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
