#include "officer_desk.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "cmocka.hpp"

namespace testing_support {

namespace {

pid_t start_finger(const std::filesystem::path& socket, const Touches& t) {
  std::vector<std::string> args{OFFICER_FINGER_BINARY, "--socket", socket.string(), "--seed", std::to_string(t.seed),
                                "--touches", std::to_string(t.count), "--interval-ms", "300"};
  if (t.then_seed != 0) {
    args.push_back("--then-seed");
    args.push_back(std::to_string(t.then_seed));
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// The station has ended: the finger tool follows within a second of seeing
// the socket close; one still waiting for a sensor nobody opened is stopped.
void stop_finger(pid_t pid) {
  for (int i = 0; i < 30; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

}  // namespace

OfficerDesk::OfficerDesk(std::string station, std::string config, std::filesystem::path dir)
    : station_(std::move(station)), config_(std::move(config)), socket_(std::move(dir) / "officer-sensor.sock") {}

std::map<std::string, std::string> OfficerDesk::env() const {
  auto all = extra_;
  all["FP_VIRTUAL_IMAGE"] = socket_.string();
  return all;
}

RunResult OfficerDesk::run(const std::vector<std::string>& args, const std::string& input, Touches touches,
                           std::chrono::milliseconds timeout, const KillWhen& kill_when) const {
  std::vector<std::string> argv{station_, "--config", config_};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t finger = touches.seed != 0 ? start_finger(socket_, touches) : -1;
  RunResult r = run_with_input(argv, input, env(), timeout, kill_when);
  if (finger > 0) stop_finger(finger);
  return r;
}

void OfficerDesk::add(const std::string& id, const std::string& role, const std::string& pin, std::uint64_t seed,
                      const std::string& as, const std::string& as_pin, std::uint64_t as_seed) const {
  std::vector<std::string> args{"officers", "add", id, "--name", "Officer " + id, "--role", role};
  std::string input;
  Touches touches{seed, 5, 0};
  if (!as.empty()) {
    args.push_back("--as");
    args.push_back(as);
    input = as_pin + "\n";
    touches = {as_seed, 1, seed};
  }
  input += pin + "\n" + pin + "\n";
  RunResult r = run(args, input, touches);
  if (r.exit_code != 0) fail_msg("officers add %s exited %d:\n%s", id.c_str(), r.exit_code, r.err.c_str());
}

void OfficerDesk::activate(const std::string& id, const std::string& sup, const std::string& sup_pin,
                           std::uint64_t sup_seed) const {
  RunResult r = run({"officers", "activate", id, "--as", sup}, sup_pin + "\n", {sup_seed});
  if (r.exit_code != 0) fail_msg("officers activate %s exited %d:\n%s", id.c_str(), r.exit_code, r.err.c_str());
}

}  // namespace testing_support
