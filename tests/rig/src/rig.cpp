#include "rig/rig.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "rig/host_guard.hpp"
#include "reader_watch.hpp"

namespace rig {

namespace {

constexpr const char* kPcscd = "/usr/sbin/pcscd";
constexpr const char* kVpcdDriver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
constexpr const char* kFriendlyName = "Station Rig VPCD";

// Rigs still alive when the process exits (a CMocka failure longjmps past
// destructors) are stopped here, so nothing outlives the test.
std::mutex live_rigs_mutex;
std::set<Rig*> live_rigs;

void stop_live_rigs() {
  std::set<Rig*> rigs;
  {
    std::lock_guard<std::mutex> lock(live_rigs_mutex);
    rigs = live_rigs;
  }
  for (Rig* r : rigs) r->stop();
}

void track(Rig* rig) {
  static const bool registered = [] { return std::atexit(stop_live_rigs) == 0; }();
  (void)registered;
  std::lock_guard<std::mutex> lock(live_rigs_mutex);
  live_rigs.insert(rig);
}

void untrack(Rig* rig) {
  std::lock_guard<std::mutex> lock(live_rigs_mutex);
  live_rigs.erase(rig);
}

bool port_is_free(std::uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_ANY);  // where vpcd will bind
  const bool free = bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return free;
}

// vpcd listens on the configured port and the next one (its second slot).
hal::Result<std::uint16_t> pick_port_pair() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    socklen_t size = sizeof address;
    std::uint16_t port = 0;
    if (fd >= 0 && bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
      port = ntohs(address.sin_port);
    }
    if (fd >= 0) close(fd);
    if (port != 0 && port < 65535 && port_is_free(port) && port_is_free(static_cast<std::uint16_t>(port + 1))) {
      return port;
    }
  }
  return hal::make_error(hal::ErrorCode::kUnavailable, "found no two free neighbouring TCP ports for vpcd");
}

std::string tail_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  // Enough for a failed start: the reason and card-sim's whole usage text.
  constexpr std::size_t kTail = 4096;
  return all.size() > kTail ? "..." + all.substr(all.size() - kTail) : all;
}

std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

}  // namespace

std::string card_sim_path() { return env_or("RIG_CARD_SIM", RIG_CARD_SIM_PATH); }
std::string make_token_path() { return env_or("RIG_MAKE_TOKEN", RIG_MAKE_TOKEN_PATH); }

hal::Result<std::unique_ptr<Rig>> Rig::start(const RigOptions& options) {
  std::unique_ptr<Rig> rig(new Rig());
  track(rig.get());
  auto launched = rig->launch(options);
  if (!launched) return launched.error();  // the destructor stops what did start
  return rig;
}

hal::Result<void> Rig::launch(const RigOptions& options) {
  quiet_ = options.quiet;
  startup_timeout_ = options.startup_timeout;
  auto lock = HostLock::acquire(options.host_patience);
  if (!lock) return lock.error();
  lock_ = std::make_unique<HostLock>(std::move(*lock));
  for (const auto& line : kill_leftovers()) std::fprintf(stderr, "rig: %s\n", line.c_str());
  HAL_TRY(expect_no_pcscd(std::min(options.host_patience, std::chrono::milliseconds(10000))));
  remove_stale_pcscd_files();

  if (options.port != 0) {
    port_ = options.port;
  } else {
    auto port = pick_port_pair();
    if (!port) return port.error();
    port_ = *port;
  }
  char dir_template[] = "/tmp/station-rig-XXXXXX";
  if (!mkdtemp(dir_template)) {
    return hal::make_error(hal::ErrorCode::kIo, "cannot create the rig's run directory under /tmp");
  }
  run_dir_ = dir_template;
  HAL_TRY(start_pcscd());
  if (options.insert_card) HAL_TRY(insert_card(options.card_args, options.wait_for_card));
  return {};
}

hal::Result<void> Rig::start_pcscd() {
  const auto conf_dir = run_dir_ / "reader.conf.d";
  std::filesystem::create_directory(conf_dir);
  char channel[16];
  std::snprintf(channel, sizeof channel, "0x%04X", port_);
  std::ofstream(conf_dir / "vpcd") << "FRIENDLYNAME \"" << kFriendlyName << "\"\n"
                                   << "DEVICENAME   /dev/null:" << channel << "\n"
                                   << "LIBPATH      " << kVpcdDriver << "\n"
                                   << "CHANNELID    " << channel << "\n";
  SpawnOptions spawn{{kPcscd, "-f", "-c", conf_dir.string()}, {}, quiet_ ? (run_dir_ / "pcscd.log").string() : ""};
  auto pcscd = ChildProcess::spawn(spawn);
  if (!pcscd) return pcscd.error();
  pcscd_ = std::move(*pcscd);
  record_started_pid(pcscd_.pid(), "pcscd");

  auto alive = [this]() -> hal::Result<void> {
    if (pcscd_.running()) return {};
    return with_log(hal::make_error(hal::ErrorCode::kUnavailable,
                                    "pcscd exited at start with code " + std::to_string(*pcscd_.exit_code())),
                    "pcscd.log");
  };
  auto reader = wait_for_reader(kFriendlyName, Clock::now() + startup_timeout_, alive);
  if (!reader) return with_log(reader.error(), "pcscd.log");
  reader_ = *reader;
  return {};
}

hal::Result<void> Rig::insert_card(const std::vector<std::string>& card_args, bool wait) {
  if (card_.running()) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition, "a card is already in '" + reader_ + "'");
  }
  std::vector<std::string> argv{card_sim_path(), "--port", std::to_string(port_)};
  argv.insert(argv.end(), card_args.begin(), card_args.end());
  auto card = ChildProcess::spawn({argv, {}, quiet_ ? (run_dir_ / "card-sim.log").string() : ""});
  if (!card) return card.error();
  card_ = std::move(*card);
  record_started_pid(card_.pid(), "card-sim");
  if (!wait) return {};
  // In slices, so a card-sim that gave up (no vpcd, bad switch) is reported
  // at once rather than after the whole timeout.
  const auto deadline = Clock::now() + startup_timeout_;
  for (;;) {
    auto present =
        wait_for_card_state(reader_, true, std::min(deadline, Clock::now() + std::chrono::milliseconds(100)));
    if (present) return {};
    if (!card_.running()) {
      return with_log(hal::make_error(hal::ErrorCode::kUnavailable, "card-sim exited with code " +
                                                                        std::to_string(card_.exit_code().value_or(-1)) +
                                                                        " before pcscd saw the card"),
                      "card-sim.log");
    }
    if (present.error().code != hal::ErrorCode::kTimeout || Clock::now() >= deadline) {
      return with_log(present.error(), "card-sim.log");
    }
  }
}

hal::Result<void> Rig::remove_card(bool wait) {
  card_.stop();
  if (!wait) return {};
  return wait_for_card_state(reader_, false, Clock::now() + startup_timeout_);
}

hal::Error Rig::with_log(hal::Error error, const std::string& log_name) const {
  if (quiet_) error.message += "; end of " + (run_dir_ / log_name).string() + ":\n" + tail_of(run_dir_ / log_name);
  return error;
}

void Rig::stop() {
  card_.stop(std::chrono::milliseconds(1000));
  pcscd_.stop(std::chrono::milliseconds(3000));
  if (lock_) {
    // A pcscd that had to be killed leaves its socket and pid file behind.
    remove_stale_pcscd_files();
    forget_started_pids();
  }
  if (!run_dir_.empty() && !std::getenv("RIG_KEEP_LOGS")) {
    std::error_code ignored;
    std::filesystem::remove_all(run_dir_, ignored);
    run_dir_.clear();
  }
  lock_.reset();
}

Rig::~Rig() {
  stop();
  untrack(this);
}

}  // namespace rig
