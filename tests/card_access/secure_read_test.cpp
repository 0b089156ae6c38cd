// BAC and PACE against the simulated card through the real pcscd and vpcd:
// reads under secure messaging, Active Authentication, the refusals a wrong
// MRZ or CAN earns, and a response altered on the way (a man in the middle
// between the driver and SecureChannel) caught by its MAC.
#include "access_rig.hpp"
#include "station/card/access/active_authentication.hpp"
#include "station/card/access/open_channel.hpp"
#include "cmocka.hpp"

namespace {

using namespace card_access_test;
using namespace station::card::access;
using rig_test::code;
using rig_test::error_code;

AccessKey mrz() { return AccessKey::from_mrz(kMrz).value(); }
AccessKey can() { return AccessKey::from_can(kCan).value(); }

void expect_dg1(const hal::Result<hal::ResponseApdu>& read) {
  ASSERT_OK(read);
  assert_int_equal(read->sw, 0x9000);
  assert_string_equal(hal::to_hex(read->data).c_str(), kDg1);
}

void locked_card_refuses_plain_reads(void** state) {
  AccessRig& rig = access_rig(state);
  connect(rig);
  ASSERT_OK(rig.terminal().transmit(rig_test::apdu(rig_test::kSelectEmrtd)));
  auto plain = read_dg1(rig.terminal());
  ASSERT_OK(plain);
  assert_int_equal(plain->sw, 0x6982);
  // EF.CardAccess stays readable in plain, as PACE needs.
  auto card_access = read_card_access(rig.terminal());
  ASSERT_OK(card_access);
  assert_true(card_access->has_value());
  assert_int_equal((*card_access)->front(), 0x31);
}

void bac_reads_and_authenticates_the_chip(void** state) {
  AccessRig& rig = access_rig(state);
  connect(rig);
  auto channel = open_secure_channel(rig.terminal(), mrz(), std::nullopt);  // no PACE offered: BAC
  ASSERT_OK(channel);
  assert_string_equal((*channel)->method().c_str(), "BAC");
  expect_dg1(read_dg1(**channel));
  ASSERT_OK(perform_active_authentication(**channel, rig.card.aa_public_key));
}

void pace_with_mrz_and_can(void** state) {
  AccessRig& rig = access_rig(state);
  for (const AccessKey& key : {mrz(), can()}) {
    connect(rig);
    auto channel = open_secure_channel(rig.terminal(), key, PaceCurve::kBrainpoolP256r1);
    ASSERT_OK(channel);
    assert_string_equal((*channel)->method().c_str(), "PACE");
    expect_dg1(read_dg1(**channel));
    ASSERT_OK(perform_active_authentication(**channel, rig.card.aa_public_key));
    // DG2's 3000 bytes in one extended READ BINARY under AES secure messaging.
    ASSERT_OK((*channel)->transmit({0x00, 0xA4, 0x02, 0x0C, {0x01, 0x02}, std::nullopt}));
    auto dg2 = (*channel)->transmit({0x00, 0xB0, 0x00, 0x00, {}, kDg2Size});
    ASSERT_OK(dg2);
    assert_int_equal(dg2->sw, 0x9000);
    assert_true(dg2->data == dg2_pattern());
  }
}

void wrong_mrz_or_can_is_refused(void** state) {
  AccessRig& rig = access_rig(state);
  const AccessKey wrong_mrz = AccessKey::from_mrz({"C4X7N2P91", "920316", "310314"}).value();
  const AccessKey wrong_can = AccessKey::from_can("111111").value();
  connect(rig);
  auto bac = open_secure_channel(rig.terminal(), wrong_mrz, std::nullopt, AccessMethod::kBac);
  assert_int_equal(error_code(bac), code(hal::ErrorCode::kPermissionDenied));
  assert_non_null(strstr(bac.error().message.c_str(), "SW 6300"));
  for (const AccessKey& key : {wrong_mrz, wrong_can}) {
    auto pace = open_secure_channel(rig.terminal(), key, PaceCurve::kBrainpoolP256r1);
    assert_int_equal(error_code(pace), code(hal::ErrorCode::kPermissionDenied));
    assert_non_null(strstr(pace.error().message.c_str(), "PACE step 4"));
  }
  // The right MRZ still opens it.
  auto right = open_secure_channel(rig.terminal(), mrz(), PaceCurve::kBrainpoolP256r1);
  ASSERT_OK(right);
  expect_dg1(read_dg1(**right));
}

// Flips one bit of the answer to the command number `at` (0-based, counted
// from arming), as an attacker between reader and chip could.
class TamperingTerminal final : public hal::CardTerminal {
 public:
  explicit TamperingTerminal(hal::CardTerminal& inner) : inner_(inner) {}
  void arm(int at) { countdown_ = at; }

  hal::Result<std::vector<hal::ReaderStatus>> list_readers() override { return inner_.list_readers(); }
  hal::Result<hal::ReaderStatus> wait_for_card(std::string_view r, std::chrono::milliseconds t) override {
    return inner_.wait_for_card(r, t);
  }
  hal::Result<void> wait_for_removal(std::string_view r, std::chrono::milliseconds t) override {
    return inner_.wait_for_removal(r, t);
  }
  hal::Result<hal::ReaderCapabilities> connect(std::string_view r) override { return inner_.connect(r); }
  hal::Result<hal::ReaderCapabilities> capabilities() const override { return inner_.capabilities(); }
  hal::Result<void> disconnect(hal::Disposition d) override { return inner_.disconnect(d); }
  hal::Result<hal::ResponseApdu> transmit(const hal::CommandApdu& command) override {
    auto answer = inner_.transmit(command);
    if (answer && countdown_ >= 0 && countdown_-- == 0 && !answer->data.empty()) answer->data[2] ^= 0x01;
    return answer;
  }

 private:
  hal::CardTerminal& inner_;
  int countdown_ = -1;
};

void tampered_response_is_corrupt(void** state) {
  AccessRig& rig = access_rig(state);
  for (AccessMethod method : {AccessMethod::kBac, AccessMethod::kPace}) {
    connect(rig);
    TamperingTerminal wire(rig.terminal());
    auto channel = open_secure_channel(wire, mrz(), PaceCurve::kBrainpoolP256r1, method);
    ASSERT_OK(channel);
    wire.arm(1);  // the READ BINARY after the SELECT
    auto read = read_dg1(**channel);
    assert_int_equal(error_code(read), code(hal::ErrorCode::kCorrupt));
    assert_non_null(strstr(read.error().message.c_str(), "MAC"));
    assert_int_equal(error_code(read_dg1(**channel)), code(hal::ErrorCode::kFailedPrecondition));
  }
}

int setup(void** state) { return start(state); }

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(locked_card_refuses_plain_reads),
      cmocka_unit_test(bac_reads_and_authenticates_the_chip),
      cmocka_unit_test(pace_with_mrz_and_can),
      cmocka_unit_test(wrong_mrz_or_can_is_refused),
      cmocka_unit_test(tampered_response_is_corrupt),
  };
  return cmocka_run_group_tests(tests, setup, stop);
}
