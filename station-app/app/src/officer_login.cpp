#include "officer_login.hpp"

#include "hal/wipe_on_exit.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace station {

namespace {

using hal::ErrorCode;

// Turns terminal echo off for as long as it lives.
class NoEcho {
 public:
  NoEcho() {
    if (isatty(STDIN_FILENO) == 0 || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
  }
  ~NoEcho() {
    if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;
  bool active() const { return active_; }

 private:
  termios saved_{};
  bool active_ = false;
};

// PIN, then finger, asked again after a wrong or malformed PIN.
hal::Result<officers::Officer> verify_with_retries(Context& context, officers::OfficerRegistry& registry,
                                                   const std::string& id, const std::string& why,
                                                   const officers::AuditFn& audit) {
  auto sensor = context.devices().finger_sensor();
  if (!sensor) return sensor.error();
  const auto policy = login_policy(context.config());
  for (;;) {
    auto pin = read_secret(std::cin, std::cerr, "PIN of officer " + id + " " + why);
    if (!pin) return pin.error();
    const hal::WipeOnExit wipe_pin(*pin);
    if (auto format = officers::check_pin_format(*pin); !format) {
      std::cerr << "  PIN: " << format.error().message << "\n";
      continue;
    }
    std::cerr << "Officer " << id << ": put your finger on the officer sensor\n";
    auto officer = officers::verify_officer(registry, **sensor, context.devices().clock(), policy, id, *pin, audit);
    if (officer || officer.error().code != ErrorCode::kWrongPin) return officer;
    std::cerr << "  " << officer.error().message << "\n";
  }
}

}  // namespace

officers::LoginPolicy login_policy(const Config& config) {
  officers::LoginPolicy p;
  p.max_failures = config.officers.max_failures;
  p.lockout = std::chrono::minutes(config.officers.lockout_minutes);
  p.idle_lock = std::chrono::seconds(config.officers.idle_lock_s);
  p.finger_timeout = std::chrono::seconds(config.officers.finger_timeout_s);
  return p;
}

officers::PinCost pin_cost(const Config& config) {
  return {static_cast<std::uint64_t>(config.officers.pin_hash_passes),
          static_cast<std::size_t>(config.officers.pin_hash_memory_kib) << 10};
}

hal::Result<officers::OfficerRegistry> open_officers(const Config& config) {
  return officers::OfficerRegistry::open(officers_database_path(config));
}

std::filesystem::path provisioning_marker(const Config& config) {
  std::error_code ec;
  auto store = std::filesystem::weakly_canonical(std::filesystem::absolute(store_database_path(config.store)), ec);
  if (ec) store = store_database_path(config.store);
  return store.string() + ".provisioned";
}

officers::AuditFn store_audit(store::Store& s) {
  return [&s](std::string_view actor, std::string_view action, std::string_view object, std::string_view detail) {
    return s.record_action(actor, action, object, detail);
  };
}

hal::Result<std::string> read_secret(std::istream& in, std::ostream& out, const std::string& prompt) {
  out << prompt << ": " << std::flush;
  std::string line;
  bool got = false;
  {
    NoEcho quiet;
    got = static_cast<bool>(std::getline(in, line));
    if (quiet.active()) out << "\n";
  }
  if (!got) return hal::make_error(ErrorCode::kCancelled, "the input ended before the PIN was given");
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

hal::Result<officers::Session> log_in(Context& context, store::Store& s, officers::OfficerRegistry& registry,
                                      const std::string& id, const std::string& why) {
  auto audit = store_audit(s);
  auto officer = verify_with_retries(context, registry, id, why, audit);
  if (!officer) return officer.error();
  std::cerr << "Logged in: " << officer->name << " (" << officer->id << ", " << officers::to_string(officer->role)
            << ")\n";
  return officers::Session(std::move(officer).value(), context.devices().clock(),
                           std::chrono::seconds(context.config().officers.idle_lock_s), audit);
}

hal::Status log_in_again(Context& context, officers::OfficerRegistry& registry, officers::Session& session) {
  std::cerr << "The station locked itself after " << context.config().officers.idle_lock_s
            << " s without activity. Officer " << session.officer_id() << ", log in again to go on.\n";
  auto officer = verify_with_retries(context, registry, session.officer_id(), "to unlock", session.audit());
  if (!officer) return officer.error();
  session.unlock();
  return {};
}

}  // namespace station
