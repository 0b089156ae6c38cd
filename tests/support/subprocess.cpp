#include "subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

extern char** environ;

namespace testing_support {

namespace {

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : overrides) {
    if (v.empty()) {
      vars.erase(k);
    } else {
      vars[k] = v;
    }
  }
  std::vector<std::string> out;
  for (const auto& [k, v] : vars) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& items) {
  std::vector<char*> out;
  for (auto& s : items) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Reads both pipes until they close or the deadline passes; kills the
// program's group the first time `kill_when` says so.
bool drain(int out_fd, int err_fd, RunResult& result, std::chrono::steady_clock::time_point deadline, pid_t pid,
           const KillWhen& kill_when) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  char buffer[4096];
  while (open_count > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    if (poll(fds, 2, static_cast<int>(left.count())) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
        if (!result.killed && kill_when && kill_when(result)) {
          result.killed = true;
          kill(-pid, SIGKILL);
        }
      } else {
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  return true;
}

}  // namespace

RunResult run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
              std::chrono::milliseconds timeout) {
  return run_with_input(argv, "", env, timeout);
}

// The input goes through an unlinked temporary file, so a program that reads
// only part of it never blocks the test.
RunResult run_with_input(const std::vector<std::string>& argv, const std::string& input,
                         const std::map<std::string, std::string>& env, std::chrono::milliseconds timeout,
                         const KillWhen& kill_when) {
  RunResult result;
  char input_path[] = "/tmp/station-test-input-XXXXXX";
  int input_fd = mkstemp(input_path);
  if (input_fd < 0) return result;
  unlink(input_path);
  if (write(input_fd, input.data(), input.size()) != static_cast<ssize_t>(input.size())) {
    close(input_fd);
    return result;
  }
  lseek(input_fd, 0, SEEK_SET);
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) return result;
  std::vector<std::string> args = argv;
  std::vector<std::string> envs = merged_environment(env);
  auto arg_ptrs = c_strings(args);
  auto env_ptrs = c_strings(envs);
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(input_fd, 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    execve(arg_ptrs[0], arg_ptrs.data(), env_ptrs.data());
    std::fprintf(stderr, "exec %s: %s\n", arg_ptrs[0], std::strerror(errno));
    _exit(127);
  }
  close(input_fd);
  close(out_pipe[1]);
  close(err_pipe[1]);
  bool finished = drain(out_pipe[0], err_pipe[0], result, std::chrono::steady_clock::now() + timeout, pid, kill_when);
  if (!finished) {
    result.timed_out = true;
    kill(-pid, SIGKILL);
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace testing_support
