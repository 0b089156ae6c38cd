// A T=0 card (card-sim --t0): the driver connects with T=0, keeps APDUs
// short, and turns 61xx and 6Cxx into whole answers without the caller
// seeing them. The card's own log shows the extra APDUs really went.
#include <fstream>
#include <sstream>

#include "rig_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace rig_test;

int setup(void** state) {
  rig::RigOptions options;
  options.card_args = {"--t0", "--verbose"};
  return start(state, options, quick_options(0));
}

std::string card_log(Fixture& f) {
  std::ifstream in(f.rig->run_dir() / "card-sim.log");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void connects_with_t0_and_short_apdus(void** state) {
  Fixture& f = fixture(state);
  auto caps = f.terminal->connect(f.rig->reader_name());
  ASSERT_OK(caps);
  assert_int_equal(caps->protocol, hal::CardProtocol::kT0);
  assert_false(caps->extended_length);
  assert_int_equal(caps->max_response_data, 256);
}

void get_response_follows_61xx(void** state) {
  Fixture& f = fixture(state);
  ASSERT_OK(f.terminal->connect(f.rig->reader_name()));
  ASSERT_OK(f.terminal->transmit(apdu(kSelectEmrtd)));
  auto fcp = f.terminal->transmit(apdu("00 A4 02 00 02 01 01 00"));  // case 4: FCP wanted
  ASSERT_OK(fcp);
  assert_int_equal(fcp->sw, 0x9000);
  assert_string_equal(hal::to_hex(fcp->data).c_str(), "620B8002008082010183020101");
  const std::string log = card_log(f);
  assert_non_null(strstr(log.c_str(), "00A4020002010100 -> 610D"));
  assert_non_null(strstr(log.c_str(), "00C000000D -> 620B80020080820101830201019000"));
}

void a_wrong_le_is_reissued(void** state) {
  Fixture& f = fixture(state);
  ASSERT_OK(f.terminal->connect(f.rig->reader_name()));
  ASSERT_OK(f.terminal->transmit(apdu(kSelectEmrtd)));
  ASSERT_OK(f.terminal->transmit(apdu(kSelectDg1)));
  ASSERT_OK(f.terminal->transmit(apdu("00 D6 00 7C 04 01 02 03 04")));
  auto read = f.terminal->transmit(apdu("00 B0 00 00 00"));  // Le 256; DG1 holds 128
  ASSERT_OK(read);
  assert_int_equal(read->sw, 0x9000);
  assert_int_equal(read->data.size(), 128);
  assert_string_equal(hal::to_hex(hal::ByteView(read->data).subspan(124)).c_str(), "01020304");
  const std::string log = card_log(f);
  assert_non_null(strstr(log.c_str(), "00B0000000 -> 6C80"));
  assert_non_null(strstr(log.c_str(), "00B0000080 -> "));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(connects_with_t0_and_short_apdus),
      cmocka_unit_test(get_response_follows_61xx),
      cmocka_unit_test(a_wrong_le_is_reissued),
  };
  return cmocka_run_group_tests(tests, setup, stop);
}
