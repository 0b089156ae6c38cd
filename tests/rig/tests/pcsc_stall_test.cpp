// A card that never answers (card-sim --stall-at N): pcsc-lite would wait
// forever, the driver returns kTimeout after its transmit timeout and drops
// the connection; nothing else on the terminal is held up.
#include "rig_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace rig_test;

int setup(void** state) {
  rig::RigOptions options;
  options.card_args = {"--stall-at", "2"};
  drivers::PcscOptions pcsc = quick_options();
  pcsc.transmit_timeout = std::chrono::milliseconds(1000);
  pcsc.connect_timeout = std::chrono::milliseconds(1000);
  return start(state, options, pcsc);
}

void a_stalled_card_times_out_and_drops_the_connection(void** state) {
  Fixture& f = fixture(state);
  const std::string& reader = f.rig->reader_name();
  ASSERT_OK(f.terminal->connect(reader));
  ASSERT_OK(f.terminal->transmit(apdu(kSelectEmrtd)));
  auto stalled = f.terminal->transmit(apdu(kSelectDg1));
  assert_false(stalled.ok());
  assert_int_equal(error_code(stalled), code(hal::ErrorCode::kTimeout));
  assert_non_null(strstr(stalled.error().message.c_str(), reader.c_str()));

  auto next = f.terminal->transmit(apdu(kSelectDg1));
  assert_int_equal(error_code(next), code(hal::ErrorCode::kFailedPrecondition));
  assert_non_null(strstr(next.error().message.c_str(), "connect again"));

  // The terminal's own context still answers while the stuck call waits.
  auto readers = f.terminal->list_readers();
  ASSERT_OK(readers);
  ASSERT_OK(f.terminal->disconnect(hal::Disposition::kLeave));

  // The abandoned connection still holds the card exclusively inside pcscd
  // until the stuck call ends: a new one is refused at once, not hung.
  auto again = f.terminal->connect(reader);
  assert_false(again.ok());
  assert_int_equal(error_code(again), code(hal::ErrorCode::kBusy));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_stalled_card_times_out_and_drops_the_connection),
  };
  return cmocka_run_group_tests(tests, setup, stop);
}
