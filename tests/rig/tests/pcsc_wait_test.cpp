// Waiting for cards through SCardGetStatusChange: insertion, removal,
// timeouts, unknown readers and cancellation, against a real pcscd.
#include <atomic>
#include <thread>

#include "rig_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace rig_test;
using std::chrono::milliseconds;

int setup_empty_reader(void** state) {
  rig::RigOptions options;
  options.insert_card = false;
  return start(state, options, quick_options());
}

void no_card_means_timeout_naming_the_reader(void** state) {
  Fixture& f = fixture(state);
  auto r = f.terminal->wait_for_card(f.rig->reader_name(), milliseconds(300));
  assert_false(r.ok());
  assert_int_equal(error_code(r), code(hal::ErrorCode::kTimeout));
  assert_non_null(strstr(r.error().message.c_str(), f.rig->reader_name().c_str()));
  auto any = f.terminal->wait_for_card("", milliseconds(300));
  assert_int_equal(error_code(any), code(hal::ErrorCode::kTimeout));
}

void an_unknown_reader_is_not_found(void** state) {
  Fixture& f = fixture(state);
  auto r = f.terminal->wait_for_card("No Such Reader 00 00", milliseconds(300));
  assert_int_equal(error_code(r), code(hal::ErrorCode::kNotFound));
  assert_non_null(strstr(r.error().message.c_str(), "No Such Reader 00 00"));
  assert_non_null(strstr(r.error().message.c_str(), f.rig->reader_name().c_str()));  // lists the real ones
  assert_int_equal(error_code(f.terminal->connect("No Such Reader 00 00")), code(hal::ErrorCode::kNotFound));
}

void connecting_to_an_empty_reader_is_no_card(void** state) {
  Fixture& f = fixture(state);
  auto r = f.terminal->connect(f.rig->reader_name());
  assert_int_equal(error_code(r), code(hal::ErrorCode::kNoCard));
  assert_int_equal(error_code(f.terminal->connect("")), code(hal::ErrorCode::kNoCard));
}

void an_inserted_card_is_seen_with_its_atr(void** state) {
  Fixture& f = fixture(state);
  ASSERT_OK(f.rig->insert_card({}, /*wait=*/false));
  auto r = f.terminal->wait_for_card("", milliseconds(10000));
  ASSERT_OK(r);
  assert_string_equal(r->name.c_str(), f.rig->reader_name().c_str());
  assert_true(r->card_present);
  assert_string_equal(hal::to_hex(r->atr).c_str(), kT1Atr);
}

void removal_is_seen_while_waiting(void** state) {
  Fixture& f = fixture(state);
  if (!f.rig->card_process_running()) ASSERT_OK(f.rig->insert_card({}));
  ASSERT_OK(f.terminal->wait_for_card(f.rig->reader_name(), milliseconds(10000)));
  ASSERT_OK(f.terminal->connect(f.rig->reader_name()));
  // The delay decides no verdict: a removal before the wait began is reported
  // by its first status call, one during it by the change; both end in ok.
  std::thread puller([&] {
    std::this_thread::sleep_for(milliseconds(300));
    (void)f.rig->remove_card(/*wait=*/false);  // the main thread is inside PC/SC
  });
  auto gone = f.terminal->wait_for_removal("", milliseconds(10000));  // "" = the connected reader
  puller.join();
  ASSERT_OK(gone);
  auto again = f.terminal->wait_for_removal(f.rig->reader_name(), milliseconds(100));
  ASSERT_OK(again);
}

// PC/SC forgets a cancel that comes before the wait (SCardCancel stops only a
// call in progress), and nothing tells the other thread when the wait has
// begun: it cancels again and again until the wait has returned, so a slow
// start of the wait cannot turn the verdict into a timeout.
void a_wait_can_be_cancelled_from_another_thread(void** state) {
  Fixture& f = fixture(state);
  if (f.rig->card_process_running()) ASSERT_OK(f.rig->remove_card());
  std::atomic<bool> returned{false};
  std::thread canceller([&] {
    while (!returned.load()) {
      f.terminal->cancel_wait();
      std::this_thread::sleep_for(milliseconds(20));
    }
  });
  auto r = f.terminal->wait_for_card(f.rig->reader_name(), milliseconds(10000));
  returned = true;
  canceller.join();
  assert_false(r.ok());
  assert_int_equal(error_code(r), code(hal::ErrorCode::kCancelled));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(no_card_means_timeout_naming_the_reader),
      cmocka_unit_test(an_unknown_reader_is_not_found),
      cmocka_unit_test(connecting_to_an_empty_reader_is_no_card),
      cmocka_unit_test(an_inserted_card_is_seen_with_its_atr),
      cmocka_unit_test(removal_is_seen_while_waiting),
      cmocka_unit_test(a_wait_can_be_cancelled_from_another_thread),
  };
  return cmocka_run_group_tests(tests, setup_empty_reader, stop);
}
