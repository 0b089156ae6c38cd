// The rig keeps pcscd one per host: it refuses to start beside another rig
// or a pcscd it did not start, naming what is in the way, and leaves no
// process behind when it stops.
#include <fstream>

#include "rig/child_process.hpp"
#include "rig/host_guard.hpp"
#include "rig/rig.hpp"
#include "cmocka.hpp"

namespace {

using std::chrono::milliseconds;

int code(hal::ErrorCode c) { return static_cast<int>(c); }

// -1 when the result succeeded, so an unexpected success fails the check.
template <typename T>
int error_code(const hal::Result<T>& r) {
  return r.ok() ? -1 : code(r.error().code);
}

void no_rig_process_survives_stop(void**) {
  auto rig = rig::Rig::start();
  ASSERT_OK(rig);
  const pid_t pcscd = (*rig)->pcscd_pid();
  const auto run_dir = (*rig)->run_dir();
  assert_true(std::filesystem::exists(run_dir / "reader.conf.d" / "vpcd"));
  rig->reset();
  assert_true(rig::find_processes("pcscd").empty());
  assert_true(rig::find_processes("card-sim").empty());
  assert_false(std::filesystem::exists("/run/pcscd/pcscd.comm"));
  assert_false(std::filesystem::exists(run_dir));
  assert_int_equal(::kill(pcscd, 0), -1);  // reaped, not a zombie
}

void a_second_rig_waits_then_names_the_lock(void**) {
  auto first = rig::Rig::start();
  ASSERT_OK(first);
  rig::RigOptions impatient;
  impatient.host_patience = milliseconds(300);
  auto second = rig::Rig::start(impatient);
  assert_false(second.ok());
  assert_int_equal(error_code(second), code(hal::ErrorCode::kBusy));
  assert_non_null(strstr(second.error().message.c_str(), "/tmp/station-rig.lock"));
  assert_non_null(strstr(second.error().message.c_str(), std::to_string(getpid()).c_str()));
}

void a_foreign_pcscd_is_reported_by_pid(void**) {
  auto lock = rig::HostLock::acquire(milliseconds(60000));
  ASSERT_OK(lock);
  const auto conf = std::filesystem::temp_directory_path() / ("foreign-pcscd-" + std::to_string(getpid()));
  std::filesystem::create_directories(conf);
  // pcscd with no reader at all: enough to be "another pcscd".
  auto foreign = rig::ChildProcess::spawn({{"/usr/sbin/pcscd", "-f", "-c", conf.string()}, {}, "/dev/null"});
  ASSERT_OK(foreign);
  // Until it shows as pcscd (or has died): a loaded machine may take longer
  // to exec it than any fixed count of polls, and CTest's timeout bounds a hang.
  while (rig::find_processes("pcscd").empty() && foreign->running()) std::this_thread::sleep_for(milliseconds(10));
  auto refused = rig::expect_no_pcscd(milliseconds(200));
  foreign->stop();
  std::filesystem::remove_all(conf);
  assert_false(refused.ok());
  assert_int_equal(error_code(refused), code(hal::ErrorCode::kBusy));
  assert_non_null(strstr(refused.error().message.c_str(), ("pid " + std::to_string(foreign->pid())).c_str()));
  assert_non_null(strstr(refused.error().message.c_str(), "pcscd -f -c"));
}

void a_card_that_left_for_good_is_reaped(void**) {
  rig::RigOptions options;
  options.card_args = {"--vanish-at", "1"};
  auto rig = rig::Rig::start(options);
  ASSERT_OK(rig);
  assert_true((*rig)->card_process_running());
  ASSERT_OK((*rig)->remove_card());
  assert_false((*rig)->card_process_running());
  ASSERT_OK((*rig)->insert_card({}));
  assert_true((*rig)->card_process_running());
  auto twice = (*rig)->insert_card({});
  assert_int_equal(error_code(twice), code(hal::ErrorCode::kFailedPrecondition));
}

void a_missing_card_sim_is_reported(void**) {
  setenv("RIG_CARD_SIM", "/nonexistent/card-sim", 1);
  auto rig = rig::Rig::start();
  unsetenv("RIG_CARD_SIM");
  assert_false(rig.ok());
  assert_int_equal(error_code(rig), code(hal::ErrorCode::kNotFound));
  assert_non_null(strstr(rig.error().message.c_str(), "/nonexistent/card-sim"));
  assert_true(rig::find_processes("pcscd").empty());
}

void a_card_sim_that_gives_up_is_reported_with_its_log(void**) {
  rig::RigOptions options;
  options.card_args = {"--no-such-switch"};
  auto rig = rig::Rig::start(options);
  assert_false(rig.ok());
  assert_int_equal(error_code(rig), code(hal::ErrorCode::kUnavailable));
  assert_non_null(strstr(rig.error().message.c_str(), "card-sim exited with code 2"));
  assert_non_null(strstr(rig.error().message.c_str(), "unknown argument '--no-such-switch'"));
  assert_true(rig::find_processes("pcscd").empty());
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(no_rig_process_survives_stop),
      cmocka_unit_test(a_second_rig_waits_then_names_the_lock),
      cmocka_unit_test(a_foreign_pcscd_is_reported_by_pid),
      cmocka_unit_test(a_card_that_left_for_good_is_reaped),
      cmocka_unit_test(a_missing_card_sim_is_reported),
      cmocka_unit_test(a_card_sim_that_gives_up_is_reported_with_its_log),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
