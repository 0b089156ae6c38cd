#include "rig/child_process.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

extern char** environ;

namespace rig {

namespace {

int code_from_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 128;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Between fork and exec only async-signal-safe calls are allowed, so every
// buffer is prepared before the fork and errors travel back through a pipe.
[[noreturn]] void exec_child(const SpawnOptions& options, pid_t parent, const char* program, char** argv, char** envp,
                             int error_pipe) {
  prctl(PR_SET_PDEATHSIG, options.death_signal);
  if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
  if (options.own_process_group) setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int s : {SIGINT, SIGTERM, SIGPIPE, SIGCHLD}) ::signal(s, SIG_DFL);
  if (!options.output_path.empty()) {
    int fd = open(options.output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
  }
  execve(program, argv, envp);
  int why = errno;
  (void)!write(error_pipe, &why, sizeof why);
  _exit(127);
}

// execve does not search PATH, and execvp may allocate after fork, so the
// program is found here, before forking.
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t at = 0;
  while (at <= dirs.size()) {
    std::size_t end = dirs.find(':', at);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = (end > at ? dirs.substr(at, end - at) : ".") + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    at = end + 1;
  }
  return name;
}

}  // namespace

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), own_group_(other.own_group_), exit_code_(other.exit_code_) {
  other.pid_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = other.pid_;
    own_group_ = other.own_group_;
    exit_code_ = other.exit_code_;
    other.pid_ = -1;
  }
  return *this;
}

ChildProcess::~ChildProcess() { stop(); }

hal::Result<ChildProcess> ChildProcess::spawn(const SpawnOptions& options) {
  if (options.argv.empty()) return hal::make_error(hal::ErrorCode::kInvalidArgument, "no program to run");
  std::vector<std::string> args = options.argv;
  const std::string program = resolve_program(args[0]);
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  env.insert(env.end(), options.extra_env.begin(), options.extra_env.end());
  std::vector<char*> argv = c_strings(args);
  std::vector<char*> envp = c_strings(env);

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return hal::make_error(hal::ErrorCode::kInternal, std::string("pipe: ") + std::strerror(errno));
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return hal::make_error(hal::ErrorCode::kInternal, std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) exec_child(options, parent, program.c_str(), argv.data(), envp.data(), pipe_fds[1]);
  close(pipe_fds[1]);
  // Set the group from this side too, so signalling it cannot race the child.
  if (options.own_process_group) setpgid(pid, pid);
  int exec_errno = 0;
  ssize_t got;
  do {
    got = read(pipe_fds[0], &exec_errno, sizeof exec_errno);
  } while (got < 0 && errno == EINTR);
  close(pipe_fds[0]);
  ChildProcess child(pid, options.own_process_group);
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    child.stop(std::chrono::milliseconds(0));
    const auto code = exec_errno == ENOENT ? hal::ErrorCode::kNotFound : hal::ErrorCode::kPermissionDenied;
    return hal::make_error(code, "cannot run " + options.argv[0] + ": " + std::strerror(exec_errno));
  }
  return child;
}

bool ChildProcess::running() {
  if (pid_ <= 0 || exit_code_) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_code_ = code_from_status(status);
    return false;
  }
  return r == 0;
}

hal::Result<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return hal::make_error(hal::ErrorCode::kTimeout, "process " + std::to_string(pid_) + " still runs after " +
                                                           std::to_string(timeout.count()) + " ms");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return exit_code_.value_or(128);
}

void ChildProcess::signal(int signal_number) const {
  if (pid_ <= 0 || exit_code_) return;
  // The child is not reaped yet, so its pid (and group id) cannot have been
  // reused: signalling by pid is safe.
  ::kill(own_group_ ? -pid_ : pid_, signal_number);
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return exit_code_.value_or(0);
  if (running()) {
    signal(SIGTERM);
    if (!wait(grace)) {
      signal(SIGKILL);
      int status = 0;
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      exit_code_ = code_from_status(status);
    }
  }
  return exit_code_.value_or(128);
}

}  // namespace rig
