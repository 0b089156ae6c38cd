// Logging in at the station, and the session that follows. A log-in takes
// the officer's PIN and then their finger on the officer sensor; failures
// count towards a lockout. A session locks itself when left idle, and every
// permission it is refused is audited.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "hal/clock.hpp"
#include "hal/finger_sensor.hpp"
#include "hal/result.hpp"
#include "station/officers/permissions.hpp"
#include "station/officers/registry.hpp"

namespace station::officers {

struct LoginPolicy {
  std::int64_t max_failures = 5;                   // failed log-ins before the lockout
  std::chrono::minutes lockout{15};                // how long a lockout lasts
  std::chrono::seconds idle_lock{300};             // a session untouched this long locks
  std::chrono::milliseconds finger_timeout{30000};  // to put the finger on the sensor
};

// Where audit entries go (the dossier store's chained log in the station):
// actor, action, object, detail.
using AuditFn = std::function<hal::Status(std::string_view, std::string_view, std::string_view, std::string_view)>;

class Session {
 public:
  Session(Officer officer, const hal::Clock& clock, std::chrono::seconds idle_lock, AuditFn audit)
      : officer_(std::move(officer)), clock_(&clock), idle_lock_(idle_lock), audit_(std::move(audit)),
        last_activity_(clock.monotonic()) {}

  const std::string& officer_id() const { return officer_.id; }
  const std::string& name() const { return officer_.name; }
  Role role() const { return officer_.role; }
  const Officer& officer() const { return officer_; }
  const AuditFn& audit() const { return audit_; }

  // Before each action: kFailedPrecondition once the session was idle past
  // the limit (audited once, as "session.idle_lock"); a locked session stays
  // locked until unlock() succeeds. Otherwise counts as activity.
  hal::Status touch();
  bool locked() const { return locked_; }
  // Lifts an idle lock after the officer has logged in again.
  void unlock() {
    locked_ = false;
    last_activity_ = clock_->monotonic();
  }

  // kPermissionDenied naming the rule, audited as "permission.denied" with
  // `object` (the dossier concerned, or "station").
  hal::Status require(Action action, std::string_view object);

 private:
  Officer officer_;
  const hal::Clock* clock_;
  std::chrono::seconds idle_lock_;
  AuditFn audit_;
  std::chrono::steady_clock::time_point last_activity_;
  bool locked_ = false;
};

// Checks `pin` and then a finger on `sensor` for officer `id`.
// Errors: kNotFound (no such officer), kPermissionDenied (an account no
// supervisor has activated yet), kPinLocked (locked out; says until when), kWrongPin (PIN or finger refused; says how many tries remain), and
// the sensor's own (kTimeout, kUnavailable...), which do not count as a
// failure. Each outcome is audited.
hal::Result<Officer> verify_officer(OfficerRegistry& registry, hal::FingerSensor& sensor, const hal::Clock& clock,
                                    const LoginPolicy& policy, const std::string& id, std::string_view pin,
                                    const AuditFn& audit);

}  // namespace station::officers
