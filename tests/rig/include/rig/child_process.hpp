// A process the rig started, owned by pid: stopped and reaped by its owner,
// and killed by the kernel if the thread that started it dies first.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <vector>

#include "hal/result.hpp"

namespace rig {

struct SpawnOptions {
  std::vector<std::string> argv;       // argv[0]: a path, or a name looked up in PATH
  std::vector<std::string> extra_env;  // "NAME=value", added to this process's environment
  std::string output_path;             // stdout and stderr appended here; empty: inherited
  bool own_process_group = true;       // keeps terminal signals away; stop() signals the group
  int death_signal = SIGKILL;          // sent to the child when the spawning thread ends
};

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  // Stops the child (see stop()) if it still runs.
  ~ChildProcess();

  // Forks and execs. Errors: kInvalidArgument (empty argv), kNotFound or
  // kPermissionDenied (the program cannot be executed), kInternal (fork).
  static hal::Result<ChildProcess> spawn(const SpawnOptions& options);

  pid_t pid() const { return pid_; }
  bool started() const { return pid_ > 0; }

  // Reaps the child if it has ended; true while it runs.
  bool running();
  // Its exit code once it has ended (128 + signal number when killed).
  std::optional<int> exit_code() const { return exit_code_; }

  // Waits for the child to end. Errors: kTimeout (still running).
  hal::Result<int> wait(std::chrono::milliseconds timeout);

  // Sends `signal` to the child (its group when it has its own).
  void signal(int signal_number) const;

  // SIGTERM, then SIGKILL after `grace`; always reaps. Returns the exit code.
  // Stopping a child that already ended just returns its code.
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

 private:
  ChildProcess(pid_t pid, bool own_group) : pid_(pid), own_group_(own_group) {}

  pid_t pid_ = -1;
  bool own_group_ = false;
  std::optional<int> exit_code_;
};

}  // namespace rig
