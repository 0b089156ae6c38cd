// pcscd is one daemon per host (card.md): these keep rigs from meeting each
// other or a pcscd they did not start, and clear what a killed rig left.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "hal/result.hpp"

namespace rig {

// Held for a rig's whole life, so rigs started by different build trees or
// users on this host take turns. The kernel drops it when the process dies.
class HostLock {
 public:
  // Errors: kBusy (another rig kept it past `patience`), kIo.
  static hal::Result<HostLock> acquire(std::chrono::milliseconds patience);
  HostLock(HostLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  HostLock& operator=(HostLock&&) = delete;
  ~HostLock();

 private:
  explicit HostLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

struct RunningProcess {
  pid_t pid = 0;
  std::string command_line;
};

// Live (not zombie) processes whose name is `name`.
std::vector<RunningProcess> find_processes(const std::string& name);

// Records the pids a rig starts, so the next rig can kill them if this one
// was killed before it could.
void record_started_pid(pid_t pid, const std::string& name);
void forget_started_pids();
// Kills processes a previous rig recorded and that still run under the same
// name; returns a line per process killed.
std::vector<std::string> kill_leftovers();

// Removes pcscd's socket and pid file when no pcscd runs: pcscd refuses to
// start while its pid file names a process that still exists, and a killed
// pcscd leaves both behind.
void remove_stale_pcscd_files();

// Waits up to `patience` for every pcscd to exit. Errors: kBusy, naming each
// pid and command line.
hal::Result<void> expect_no_pcscd(std::chrono::milliseconds patience);

}  // namespace rig
