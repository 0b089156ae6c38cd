// Without pcscd the driver answers kUnavailable, saying so, on every call
// that needs the service; a pcscd without readers gives empty lists; when pcscd goes away mid-session and another
// comes, the driver carries on with the new one.
#include <thread>

#include "rig/child_process.hpp"
#include "rig/host_guard.hpp"
#include "rig_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace rig_test;
using std::chrono::milliseconds;

// Holds the host's rig lock so no rig starts a pcscd meanwhile.
int setup(void** state) {
  auto lock = rig::HostLock::acquire(milliseconds(60000));
  if (!lock) {
    std::fprintf(stderr, "%s\n", lock.error().describe().c_str());
    return -1;
  }
  auto no_pcscd = rig::expect_no_pcscd(milliseconds(10000));
  if (!no_pcscd) {
    std::fprintf(stderr, "%s\n", no_pcscd.error().describe().c_str());
    return -1;
  }
  *state = new rig::HostLock(std::move(*lock));
  return 0;
}

int teardown(void** state) {
  delete static_cast<rig::HostLock*>(*state);
  return 0;
}

template <typename T>
void expect_unavailable(const hal::Result<T>& r) {
  assert_int_equal(error_code(r), code(hal::ErrorCode::kUnavailable));
  assert_non_null(strstr(r.error().message.c_str(), "pcscd"));
}

void every_service_call_is_unavailable(void**) {
  drivers::PcscCardTerminal terminal(quick_options());
  expect_unavailable(terminal.list_readers());
  expect_unavailable(terminal.wait_for_card("", milliseconds(200)));
  expect_unavailable(terminal.wait_for_removal("Any Reader 00 00", milliseconds(200)));
  expect_unavailable(terminal.connect("Any Reader 00 00"));
  expect_unavailable(terminal.connect(""));
  assert_int_equal(error_code(terminal.transmit(apdu(kSelectEmrtd))), code(hal::ErrorCode::kFailedPrecondition));
}

// A pcscd with no reader configured, started under the host lock. Results
// are checked after it is stopped, so a failure cannot leave it running.
void a_service_without_readers_lists_none(void**) {
  rig::remove_stale_pcscd_files();
  const auto conf = std::filesystem::temp_directory_path() / ("no-readers-" + std::to_string(getpid()));
  std::filesystem::create_directories(conf);
  auto pcscd = rig::ChildProcess::spawn({{"/usr/sbin/pcscd", "-f", "-c", conf.string()}, {}, "/dev/null"});
  ASSERT_OK(pcscd);
  drivers::PcscCardTerminal terminal(quick_options());
  auto readers = terminal.list_readers();
  // Until pcscd answers (or has died), however slowly a loaded machine starts it.
  while (!readers.ok() && pcscd->running()) {
    std::this_thread::sleep_for(milliseconds(10));
    readers = terminal.list_readers();
  }
  // Waiting with no reader at all watches only for readers to arrive.
  auto waited = terminal.wait_for_card("", milliseconds(300));
  auto connected = terminal.connect("");
  pcscd->stop();
  std::filesystem::remove_all(conf);

  ASSERT_OK(readers);
  assert_int_equal(readers->size(), 0);
  assert_int_equal(error_code(waited), code(hal::ErrorCode::kTimeout));
  assert_int_equal(error_code(connected), code(hal::ErrorCode::kNoCard));
}

void pcscd_going_away_mid_session_then_coming_back(void**) {
  drivers::PcscCardTerminal terminal(quick_options());
  auto first = rig::Rig::start();
  ASSERT_OK(first);
  const std::string reader = (*first)->reader_name();
  ASSERT_OK(terminal.connect(reader));
  ASSERT_OK(terminal.transmit(apdu(kSelectEmrtd)));
  first->reset();  // card-sim and pcscd stop

  auto lost = terminal.transmit(apdu(kSelectDg1));
  assert_false(lost.ok());
  assert_int_equal(error_code(lost), code(hal::ErrorCode::kUnavailable));
  expect_unavailable(terminal.list_readers());

  auto second = rig::Rig::start();
  ASSERT_OK(second);
  auto readers = terminal.list_readers();
  ASSERT_OK(readers);
  assert_false(readers->empty());
  ASSERT_OK(terminal.connect(reader));
  ASSERT_OK(terminal.transmit(apdu(kSelectEmrtd)));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(every_service_call_is_unavailable, setup, teardown),
      cmocka_unit_test_setup_teardown(a_service_without_readers_lists_none, setup, teardown),
      cmocka_unit_test(pcscd_going_away_mid_session_then_coming_back),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
