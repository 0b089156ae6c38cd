// The card vanishing mid-APDU (card-sim --vanish-at N) is a typed
// kCardRemoved, never a crash or a hang; the next call fails the same way;
// a card that comes back can be connected again and kept its files.
#include "rig_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace rig_test;
using std::chrono::milliseconds;

// APDU 1 SELECT application, 2 SELECT DG1, 3 UPDATE, 4 READ: the card goes
// while processing the READ. The limit is configured, so connect sends no
// probe APDU to shift the count.
int setup_returning_card(void** state) {
  rig::RigOptions options;
  options.card_args = {"--vanish-at", "4", "--return-after-ms", "1000"};
  return start(state, options, quick_options());
}

int setup_card_gone_for_good(void** state) {
  rig::RigOptions options;
  options.card_args = {"--vanish-at", "2"};
  return start(state, options, quick_options());
}

void expect_card_removed(const hal::Result<hal::ResponseApdu>& r, const std::string& reader) {
  assert_false(r.ok());
  assert_int_equal(error_code(r), code(hal::ErrorCode::kCardRemoved));
  assert_non_null(strstr(r.error().message.c_str(), reader.c_str()));
}

void vanishing_mid_apdu_then_coming_back(void** state) {
  Fixture& f = fixture(state);
  const std::string& reader = f.rig->reader_name();
  ASSERT_OK(f.terminal->connect(reader));
  ASSERT_OK(f.terminal->transmit(apdu(kSelectEmrtd)));
  ASSERT_OK(f.terminal->transmit(apdu(kSelectDg1)));
  ASSERT_OK(f.terminal->transmit(apdu("00 D6 00 00 04 D0 0D F0 0D")));
  expect_card_removed(f.terminal->transmit(apdu("00 B0 00 00 04")), reader);
  expect_card_removed(f.terminal->transmit(apdu("00 B0 00 00 04")), reader);

  ASSERT_OK(f.terminal->wait_for_removal(reader, milliseconds(5000)));
  ASSERT_OK(f.terminal->wait_for_card(reader, milliseconds(10000)));
  ASSERT_OK(f.terminal->connect(reader));
  ASSERT_OK(f.terminal->transmit(apdu(kSelectEmrtd)));
  ASSERT_OK(f.terminal->transmit(apdu(kSelectDg1)));
  auto read = f.terminal->transmit(apdu("00 B0 00 00 04"));
  ASSERT_OK(read);
  assert_int_equal(read->sw, 0x9000);
  assert_string_equal(hal::to_hex(read->data).c_str(), "D00DF00D");
}

void vanishing_for_good(void** state) {
  Fixture& f = fixture(state);
  const std::string& reader = f.rig->reader_name();
  ASSERT_OK(f.terminal->connect(reader));
  ASSERT_OK(f.terminal->transmit(apdu(kSelectEmrtd)));
  expect_card_removed(f.terminal->transmit(apdu(kSelectDg1)), reader);
  expect_card_removed(f.terminal->transmit(apdu(kSelectDg1)), reader);
  ASSERT_OK(f.terminal->wait_for_removal(reader, milliseconds(5000)));
  ASSERT_OK(f.terminal->disconnect(hal::Disposition::kLeave));
  assert_int_equal(error_code(f.terminal->connect(reader)), code(hal::ErrorCode::kNoCard));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(vanishing_mid_apdu_then_coming_back, setup_returning_card, stop),
      cmocka_unit_test_setup_teardown(vanishing_for_good, setup_card_gone_for_good, stop),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
