#include "station/officers/session.hpp"

#include <ctime>

#include "station/officers/pin.hpp"

namespace station::officers {

namespace {

using hal::ErrorCode;

std::int64_t to_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// "14:05 UTC" for a lockout's end: the officer reads it off the screen.
std::string clock_time(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
  return text;
}

hal::Status audit_or_fail(const AuditFn& audit, std::string_view actor, std::string_view action, std::string_view object,
                          std::string_view detail) {
  return audit ? audit(actor, action, object, detail) : hal::Status{};
}

// Counts the failure and says what it cost.
hal::Error refuse(OfficerRegistry& registry, const hal::Clock& clock, const LoginPolicy& policy, const Officer& officer,
                  std::string_view what, const AuditFn& audit) {
  const auto lockout_ms = std::chrono::duration_cast<std::chrono::milliseconds>(policy.lockout).count();
  auto now = registry.note_failure(officer.id, to_ms(clock.now()), policy.max_failures, lockout_ms);
  if (!now) return now.error();
  const std::int64_t left = policy.max_failures - now->failed_logins;
  if (auto st = audit_or_fail(audit, officer.id, "officer.login_failed", officer.id,
                              std::string(what) + "; failure " + std::to_string(now->failed_logins));
      !st) {
    return st.error();
  }
  if (left <= 0) {
    (void)audit_or_fail(audit, officer.id, "officer.locked", officer.id, "until " + clock_time(now->locked_until_ms));
    return hal::Error{ErrorCode::kPinLocked, std::string(what) + "; officer " + officer.id + " is now locked out until " +
                                                 clock_time(now->locked_until_ms) + " (a supervisor can unlock sooner)"};
  }
  return hal::Error{ErrorCode::kWrongPin, std::string(what) + "; " + std::to_string(left) +
                                               (left == 1 ? " try left" : " tries left") + " before officer " +
                                               officer.id + " is locked out"};
}

}  // namespace

hal::Status Session::touch() {
  const auto now = clock_->monotonic();
  if (!locked_ && now - last_activity_ > idle_lock_) {
    locked_ = true;
    HAL_TRY(audit_or_fail(audit_, officer_.id, "session.idle_lock", "station",
                          "idle for more than " + std::to_string(idle_lock_.count()) + " s"));
  }
  if (locked_) {
    return hal::make_error(ErrorCode::kFailedPrecondition,
                           "the session of officer " + officer_.id + " locked itself after " +
                               std::to_string(idle_lock_.count()) + " s without activity; log in again to go on");
  }
  last_activity_ = now;
  return {};
}

hal::Status Session::require(Action action, std::string_view object) {
  HAL_TRY(touch());
  auto allowed = check_permission(officer_.role, action);
  if (allowed) return {};
  HAL_TRY(audit_or_fail(audit_, officer_.id, "permission.denied", object, allowed.error().message));
  return hal::make_error(ErrorCode::kPermissionDenied, "officer " + officer_.id + " is " +
                                                           std::string(officer_.role == Role::kOfficer ? "an " : "a ") +
                                                           std::string(to_string(officer_.role)) + ", and " +
                                                           describe_rule(officer_.role, action));
}

hal::Result<Officer> verify_officer(OfficerRegistry& registry, hal::FingerSensor& sensor, const hal::Clock& clock,
                                    const LoginPolicy& policy, const std::string& id, std::string_view pin,
                                    const AuditFn& audit) {
  auto officer = registry.find(id);
  if (!officer) {
    HAL_TRY(audit_or_fail(audit, id, "officer.login_unknown", id, "no such officer"));
    return officer.error();
  }
  if (officer->locked_until_ms > to_ms(clock.now())) {
    HAL_TRY(audit_or_fail(audit, id, "officer.login_refused", id, "locked out"));
    return hal::make_error(ErrorCode::kPinLocked, "officer " + id + " is locked out until " +
                                                      clock_time(officer->locked_until_ms) +
                                                      " after too many failed log-ins; a supervisor can unlock sooner");
  }
  if (!officer->active) {
    HAL_TRY(audit_or_fail(audit, id, "officer.login_refused", id, "not activated by a supervisor"));
    return hal::make_error(ErrorCode::kPermissionDenied,
                           "officer " + id + "'s account is not active yet: a supervisor activates it with "
                           "`station officers activate " + id + " --as SUPERVISOR_ID`");
  }
  if (!pin_matches(officer->pin_hash, pin)) return refuse(registry, clock, policy, *officer, "wrong PIN", audit);
  auto matched = sensor.verify(officer->finger, policy.finger_timeout);
  if (!matched) return matched.error();
  if (!*matched) {
    return refuse(registry, clock, policy, *officer, "the finger does not match officer " + id + "'s", audit);
  }
  HAL_TRY(registry.clear_failures(id));
  HAL_TRY(audit_or_fail(audit, id, "officer.login", id, std::string(to_string(officer->role))));
  return officer;
}

}  // namespace station::officers
