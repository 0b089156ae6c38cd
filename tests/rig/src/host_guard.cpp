#include "rig/host_guard.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace rig {

namespace {

constexpr const char* kLockPath = "/tmp/station-rig.lock";
constexpr const char* kPidsPath = "/tmp/station-rig.pids";
constexpr const char* kPcscdSocket = "/run/pcscd/pcscd.comm";
constexpr const char* kPcscdPidFile = "/run/pcscd/pcscd.pid";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// /proc/PID/stat is "pid (comm) state ...": the name sits between the first
// '(' and the last ')', since a name may itself hold parentheses.
bool is_live_process_named(pid_t pid, const std::string& name) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const auto open = stat.find('(');
  const auto close = stat.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close + 2 >= stat.size()) return false;
  const char state = stat[close + 2];
  return stat.substr(open + 1, close - open - 1) == name && state != 'Z' && state != 'X';
}

std::string command_line(pid_t pid) {
  std::string text = read_file("/proc/" + std::to_string(pid) + "/cmdline");
  for (char& c : text) {
    if (c == '\0') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace

hal::Result<HostLock> HostLock::acquire(std::chrono::milliseconds patience) {
  int fd = open(kLockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    return hal::make_error(hal::ErrorCode::kIo, std::string("cannot open ") + kLockPath + ": " + std::strerror(errno));
  }
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      std::string holder = read_file(kLockPath);
      close(fd);
      return hal::make_error(hal::ErrorCode::kBusy, std::string("another rig holds ") + kLockPath + " (pid " +
                                                        (holder.empty() ? "unknown" : holder) + ") after waiting " +
                                                        std::to_string(patience.count()) + " ms");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const std::string me = std::to_string(getpid());
  if (ftruncate(fd, 0) == 0) (void)!pwrite(fd, me.data(), me.size(), 0);
  return HostLock(fd);
}

HostLock::~HostLock() {
  if (fd_ >= 0) close(fd_);  // closing the last descriptor releases the flock
}

std::vector<RunningProcess> find_processes(const std::string& name) {
  std::vector<RunningProcess> found;
  DIR* proc = opendir("/proc");
  if (!proc) return found;
  while (dirent* entry = readdir(proc)) {
    char* end = nullptr;
    const long pid = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    if (is_live_process_named(static_cast<pid_t>(pid), name)) {
      found.push_back({static_cast<pid_t>(pid), command_line(static_cast<pid_t>(pid))});
    }
  }
  closedir(proc);
  return found;
}

void record_started_pid(pid_t pid, const std::string& name) {
  std::ofstream out(kPidsPath, std::ios::app);
  out << pid << ' ' << name << '\n';
}

void forget_started_pids() { unlink(kPidsPath); }

std::vector<std::string> kill_leftovers() {
  std::vector<std::string> killed;
  std::istringstream lines(read_file(kPidsPath));
  pid_t pid = 0;
  std::string name;
  while (lines >> pid >> name) {
    if (pid > 0 && is_live_process_named(pid, name)) {
      ::kill(pid, SIGKILL);
      killed.push_back("killed " + name + " (pid " + std::to_string(pid) + ") left running by an earlier rig");
    }
  }
  forget_started_pids();
  if (!killed.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return killed;
}

void remove_stale_pcscd_files() {
  if (!find_processes("pcscd").empty()) return;
  unlink(kPcscdSocket);
  unlink(kPcscdPidFile);
}

hal::Result<void> expect_no_pcscd(std::chrono::milliseconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  for (;;) {
    auto running = find_processes("pcscd");
    if (running.empty()) return {};
    if (std::chrono::steady_clock::now() >= deadline) {
      std::string list;
      for (const auto& p : running) list += " pid " + std::to_string(p.pid) + " (" + p.command_line + ");";
      return hal::make_error(hal::ErrorCode::kBusy,
                             "a pcscd the rig did not start is running:" + list +
                                 " pcscd is one daemon per host, so stop it (or wait for its owner) and retry");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace rig
