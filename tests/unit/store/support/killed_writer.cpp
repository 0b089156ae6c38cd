#include "killed_writer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <optional>

#include "cmocka.hpp"

namespace store_test {

namespace {

using Clock = std::chrono::steady_clock;

pid_t spawn(const std::vector<std::string>& argv, int out, int err) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

std::string drain(int fd) {
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  return text;
}

// Reads the writer's lines until its output closes, sending SIGKILL when the
// plan says.
class Watch {
 public:
  Watch(pid_t pid, const KillPlan& plan) : pid_(pid), plan_(plan), started_(Clock::now()) {
    if (plan.during_startup) deadline_ = started_ + plan.delay;
  }

  void run(int fd, Round& round) {
    std::string pending;
    for (;;) {
      kill_when_due();
      pollfd fds{fd, POLLIN, 0};
      if (poll(&fds, 1, wait_ms()) <= 0) continue;  // time to kill, or interrupted
      char buffer[8192];
      ssize_t n = read(fd, buffer, sizeof buffer);
      if (n <= 0) return;  // the writer is gone and its output drained
      pending.append(buffer, static_cast<std::size_t>(n));
      for (std::size_t end; (end = pending.find('\n')) != std::string::npos; pending.erase(0, end + 1)) {
        note(pending.substr(0, end));
        round.lines.push_back(pending.substr(0, end));
      }
    }
  }

 private:
  void kill_when_due() {
    auto now = Clock::now();
    if (!killed_ && deadline_ && now >= *deadline_) {
      kill(pid_, SIGKILL);
      killed_ = true;
    }
    if (!ready_ && !killed_ && now - started_ > std::chrono::seconds(60)) {
      kill(pid_, SIGKILL);
      fail_msg("the writer did not get ready within 60 s");
    }
  }
  int wait_ms() const {
    if (!deadline_ || killed_) return 1000;
    auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline_ - Clock::now()).count();
    return static_cast<int>(std::max<long>(left, 0));
  }
  void note(const std::string& line) {
    ready_ = ready_ || line == "ready";
    if (line.rfind("ack ", 0) == 0 && ++acks_ == plan_.acks && !plan_.during_startup) deadline_ = Clock::now() + plan_.delay;
  }

  pid_t pid_;
  KillPlan plan_;
  Clock::time_point started_;
  std::optional<Clock::time_point> deadline_;
  bool ready_ = false, killed_ = false;
  int acks_ = 0;
};

}  // namespace

KillPlan random_kill_plan(std::mt19937_64& random, int max_acks) {
  KillPlan plan;
  plan.during_startup = random() % 8 == 0;
  plan.acks = 1 + static_cast<int>(random() % static_cast<std::uint64_t>(max_acks));
  plan.delay = std::chrono::microseconds(plan.during_startup ? random() % 60000 : random() % 8000);
  return plan;
}

Round run_until_killed(const std::vector<std::string>& argv, const KillPlan& plan, int round_number) {
  int out[2];
  int err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) fail_msg("pipe: %s", strerror(errno));
  pid_t pid = spawn(argv, out[1], err[1]);
  close(out[1]);
  close(err[1]);
  Round round;
  Watch(pid, plan).run(out[0], round);
  close(out[0]);
  round.errors = drain(err[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
    fail_msg("round %d: %s ended by itself (status %d): %s", round_number, argv[0].c_str(), status, round.errors.c_str());
  }
  return round;
}

}  // namespace store_test
