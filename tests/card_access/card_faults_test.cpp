// Secure messaging when the card misbehaves on the real stack: pulled in the
// middle of a secured READ BINARY (kCardRemoved, the channel closed, a fresh
// BAC works once it is back), and a T=0 card where every secured answer
// comes through GET RESPONSE in short APDUs.
#include "access_rig.hpp"
#include "station/card/access/open_channel.hpp"
#include "cmocka.hpp"

namespace {

using namespace card_access_test;
using namespace station::card::access;
using rig_test::code;
using rig_test::error_code;
using std::chrono::milliseconds;

AccessKey mrz() { return AccessKey::from_mrz(kMrz).value(); }

// BAC: 1 SELECT application, 2 GET CHALLENGE, 3 EXTERNAL AUTHENTICATE, then
// under SM 4 SELECT DG1, 5 READ BINARY: the card leaves during 5.
int setup_vanishing(void** state) { return start(state, {"--vanish-at", "5", "--return-after-ms", "1000"}); }
int setup_t0(void** state) { return start(state, {"--t0"}); }

void card_pulled_mid_secure_messaging(void** state) {
  AccessRig& rig = access_rig(state);
  const std::string& reader = rig.rig().rig->reader_name();
  connect(rig);
  auto channel = open_secure_channel(rig.terminal(), mrz(), std::nullopt, AccessMethod::kBac);
  ASSERT_OK(channel);
  auto read = read_dg1(**channel);
  assert_int_equal(error_code(read), code(hal::ErrorCode::kCardRemoved));
  assert_false((*channel)->is_open());
  assert_int_equal(error_code(read_dg1(**channel)), code(hal::ErrorCode::kFailedPrecondition));

  // Back in the reader: the session died with the power, the card kept its
  // keys and its lock.
  ASSERT_OK(rig.terminal().wait_for_removal(reader, milliseconds(5000)));
  ASSERT_OK(rig.terminal().wait_for_card(reader, milliseconds(10000)));
  connect(rig);
  auto again = open_secure_channel(rig.terminal(), mrz(), std::nullopt, AccessMethod::kBac);
  ASSERT_OK(again);
  auto dg1 = read_dg1(**again);
  ASSERT_OK(dg1);
  assert_string_equal(hal::to_hex(dg1->data).c_str(), kDg1);
}

void t0_card_under_pace(void** state) {
  AccessRig& rig = access_rig(state);
  connect(rig);
  auto caps = rig.terminal().capabilities();
  ASSERT_OK(caps);
  assert_int_equal(static_cast<int>(caps->protocol), static_cast<int>(hal::CardProtocol::kT0));
  auto channel = open_secure_channel(rig.terminal(), mrz(), PaceCurve::kBrainpoolP256r1);
  ASSERT_OK(channel);
  auto secured_caps = (*channel)->capabilities();
  ASSERT_OK(secured_caps);
  assert_int_equal(secured_caps->max_response_data, 223);
  ASSERT_OK((*channel)->transmit({0x00, 0xA4, 0x02, 0x0C, {0x01, 0x02}, std::nullopt}));
  hal::Bytes dg2;
  while (dg2.size() < kDg2Size) {
    const std::size_t ne = std::min<std::size_t>(secured_caps->max_response_data, kDg2Size - dg2.size());
    auto part = (*channel)->transmit({0x00, 0xB0, static_cast<std::uint8_t>(dg2.size() >> 8),
                                     static_cast<std::uint8_t>(dg2.size()), {}, ne});
    ASSERT_OK(part);
    assert_int_equal(part->sw, 0x9000);
    dg2.insert(dg2.end(), part->data.begin(), part->data.end());
  }
  assert_true(dg2 == dg2_pattern());
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(card_pulled_mid_secure_messaging, setup_vanishing, stop),
      cmocka_unit_test_setup_teardown(t0_card_under_pace, setup_t0, stop),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
