// rig-run as the demo and end-to-end tests use it: the command runs against
// the rig, its exit code comes back, signals reach it, and nothing is left.
#include <signal.h>

#include "rig/child_process.hpp"
#include "rig/host_guard.hpp"
#include "subprocess.hpp"
#include "cmocka.hpp"

namespace {

using std::chrono::milliseconds;
using testing_support::contains;
using testing_support::run;

const std::string kRigRun = RIG_RUN_PATH;

void nothing_left_running() {
  assert_true(rig::find_processes("pcscd").empty());
  assert_true(rig::find_processes("card-sim").empty());
}

void help_and_bad_arguments(void**) {
  auto help = run({kRigRun, "--help"});
  assert_int_equal(help.exit_code, 0);
  assert_true(contains(help.out, "usage: rig-run"));
  auto none = run({kRigRun});
  assert_int_equal(none.exit_code, 2);
  assert_true(contains(none.err, "no command given after --"));
  auto port = run({kRigRun, "--port", "70000", "--", "true"});
  assert_int_equal(port.exit_code, 2);
  assert_true(contains(port.err, "--port needs a number from 1 to 65534, not '70000'"));
  auto unknown = run({kRigRun, "--frobnicate", "--", "true"});
  assert_int_equal(unknown.exit_code, 2);
  assert_true(contains(unknown.err, "'--frobnicate'"));
}

void the_command_sees_the_rig_and_its_exit_code_comes_back(void**) {
  auto r = run({kRigRun, "--", "/bin/sh", "-c", "echo \"reader=$RIG_READER port=$RIG_PORT\"; exit 7"});
  assert_int_equal(r.exit_code, 7);
  assert_true(contains(r.out, "reader=Station Rig VPCD 00 00 port="));
  nothing_left_running();
}

void card_arguments_reach_the_simulator(void**) {
  // scriptor (pcsc-tools) names the protocol it connected with.
  auto r = run({kRigRun, "--card-args", "--t0 --verbose", "--", "/bin/sh", "-c",
                "echo '00 84 00 00 08' | scriptor -r \"$RIG_READER\""});
  assert_int_equal(r.exit_code, 0);
  assert_true(contains(r.out, "Using T=0 protocol"));
  nothing_left_running();
}

void a_missing_command_is_127(void**) {
  auto r = run({kRigRun, "--", "/nonexistent/command"});
  assert_int_equal(r.exit_code, 127);
  assert_true(contains(r.err, "/nonexistent/command"));
  nothing_left_running();
}

void sigterm_is_passed_to_the_command(void**) {
  const std::string flag = "/tmp/rig-run-test-" + std::to_string(getpid());
  std::filesystem::remove(flag);
  auto child = rig::ChildProcess::spawn(
      {{kRigRun, "--", "/bin/sh", "-c", "trap 'exit 42' TERM; touch " + flag + "; while :; do sleep 0.05; done"},
       {},
       "/dev/null"});
  ASSERT_OK(child);
  // Until the trap is set (or the shell died), however slowly a loaded machine
  // starts it: the flag, not a guessed delay, says SIGTERM will be caught.
  while (!std::filesystem::exists(flag) && child->running()) std::this_thread::sleep_for(milliseconds(25));
  assert_true(std::filesystem::exists(flag));
  ::kill(child->pid(), SIGTERM);  // rig-run only, not its group
  auto code = child->wait(milliseconds(20000));
  std::filesystem::remove(flag);
  ASSERT_OK(code);
  assert_int_equal(*code, 42);
  nothing_left_running();
}

void a_token_is_made_when_asked(void**) {
  const auto dir = std::filesystem::temp_directory_path() / ("rig-run-token-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  auto r = run({kRigRun, "--token", dir.string(), "--", "/bin/sh", "-c",
                "test -f \"$SOFTHSM2_CONF\" && echo \"$SOFTHSM2_CONF\""},
               {}, milliseconds(120000));
  std::filesystem::remove_all(dir);
  assert_int_equal(r.exit_code, 0);
  assert_true(contains(r.out, (dir / "softhsm2.conf").string()));
}

void a_missing_token_script_is_an_error(void**) {
  const auto ran = std::filesystem::temp_directory_path() / ("rig-run-ran-" + std::to_string(getpid()));
  std::filesystem::remove(ran);
  auto r = run({kRigRun, "--token", "/tmp/unused-token-dir", "--", "/bin/sh", "-c", "touch " + ran.string()},
               {{"RIG_MAKE_TOKEN", "/nonexistent/make-token"}, {"SOFTHSM2_CONF", ""}});
  assert_int_equal(r.exit_code, 125);
  assert_true(contains(r.err, "--token was given but /nonexistent/make-token does not exist"));
  assert_false(std::filesystem::exists(ran));  // the command never ran without its token
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(help_and_bad_arguments),
      cmocka_unit_test(the_command_sees_the_rig_and_its_exit_code_comes_back),
      cmocka_unit_test(card_arguments_reach_the_simulator),
      cmocka_unit_test(a_missing_command_is_127),
      cmocka_unit_test(sigterm_is_passed_to_the_command),
      cmocka_unit_test(a_token_is_made_when_asked),
      cmocka_unit_test(a_missing_token_script_is_an_error),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
