// Officers: PINs only as Argon2id hashes, the role rules, the registry, and
// log-in with lockout, idle lock and audit, on a real SQLite file.
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <vector>

#include "fake_clock.hpp"
#include "fake_finger_sensor.hpp"
#include "station/officers/pin.hpp"
#include "station/officers/session.hpp"
#include "cmocka.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using hal::ErrorCode;
using namespace station::officers;

// Cheap enough for a test, still Argon2id.
constexpr PinCost kTestCost{1, std::size_t{64} << 10};

using testing_support::expect_error;

struct AuditLine {
  std::string actor, action, object, detail;
};

struct Rig {
  fs::path dir;
  hal::FakeClock clock{std::chrono::system_clock::time_point{std::chrono::hours(24 * 20000)}};
  hal::FakeFingerSensor sensor;
  std::vector<AuditLine> audit;
  AuditFn audit_fn = [this](std::string_view a, std::string_view b, std::string_view c, std::string_view d) {
    audit.push_back({std::string(a), std::string(b), std::string(c), std::string(d)});
    return hal::Status{};
  };
  LoginPolicy policy;

  Rig() {
    char pattern[] = "/tmp/officers-test-XXXXXX";
    dir = mkdtemp(pattern);
    policy.max_failures = 3;
    policy.lockout = 10min;
    policy.idle_lock = 60s;
  }
  ~Rig() { fs::remove_all(dir); }

  static hal::FingerImage finger(std::uint8_t shade) { return {4, 4, 500, hal::Bytes(16, shade)}; }

  OfficerRegistry registry() {
    auto r = OfficerRegistry::open(dir / "officers.db");
    ASSERT_OK(r);
    return std::move(r).value();
  }

  void add(OfficerRegistry& r, const std::string& id, Role role, const std::string& pin, std::uint8_t shade) {
    auto hash = hash_pin(pin, kTestCost);
    ASSERT_OK(hash);
    sensor.queue_touch(finger(shade));
    auto tmpl = sensor.enroll(1s);
    ASSERT_OK(tmpl);
    ASSERT_OK(r.add({id, "Officer " + id, role, *hash, *tmpl, 0, 0, 0, true, ""}));
  }

  // The finger is only asked for after a right PIN: each log-in starts with
  // an empty platen, as at the desk.
  hal::Result<Officer> log_in(OfficerRegistry& r, const std::string& id, const std::string& pin, std::uint8_t shade) {
    sensor = hal::FakeFingerSensor{};
    sensor.queue_touch(finger(shade));
    return verify_officer(r, sensor, clock, policy, id, pin, audit_fn);
  }

  bool audited(const std::string& action, const std::string& object) const {
    for (const auto& line : audit) {
      if (line.action == action && line.object == object) return true;
    }
    return false;
  }
};

void pins_are_six_to_twelve_digits(void**) {
  ASSERT_OK(check_pin_format("123456"));
  ASSERT_OK(check_pin_format("123456789012"));
  for (const char* bad : {"12345", "1234567890123", "12345a", " 123456", "", "１２３４５６"}) {
    expect_error(check_pin_format(bad), ErrorCode::kInvalidArgument, "6 to 12 digits");
  }
}

void a_pin_is_kept_only_as_an_argon2id_hash(void**) {
  auto hash = hash_pin("246810", kTestCost);
  ASSERT_OK(hash);
  assert_int_equal(hash->rfind("$argon2id$", 0), 0);
  assert_null(std::strstr(hash->c_str(), "246810"));
  assert_true(pin_matches(*hash, "246810"));
  assert_false(pin_matches(*hash, "246811"));
  assert_false(pin_matches("not a hash", "246810"));
  // The salt is random: the same PIN hashes differently each time.
  auto again = hash_pin("246810", kTestCost);
  ASSERT_OK(again);
  assert_true(*again != *hash);
  expect_error(hash_pin("246810", {0, 1024}), ErrorCode::kInvalidArgument, "pin_hash");
}

void the_role_rules(void**) {
  // The two rules, and the ones around them.
  assert_false(role_may(Role::kTechnician, Action::kReadCitizenData));
  assert_false(role_may(Role::kTechnician, Action::kEnroll));
  assert_false(role_may(Role::kOfficer, Action::kApproveException));
  assert_true(role_may(Role::kSupervisor, Action::kApproveException));
  assert_true(role_may(Role::kOfficer, Action::kEnroll));
  assert_true(role_may(Role::kTechnician, Action::kManageOfficers));
  assert_false(role_may(Role::kSupervisor, Action::kManageOfficers));
  assert_string_equal(describe_rule(Role::kTechnician, Action::kReadCitizenData).c_str(),
                      "a technician may not read citizen data");
  expect_error(check_permission(Role::kOfficer, Action::kApproveException), ErrorCode::kPermissionDenied,
               "an officer may not approve exceptions");
  expect_error(parse_role("admin"), ErrorCode::kInvalidArgument, "officer, supervisor or technician");
}

void the_registry_keeps_officers_across_reopening(void**) {
  Rig rig;
  {
    auto r = rig.registry();
    rig.add(r, "CA-0412", Role::kOfficer, "111111", 1);
    expect_error(r.add({"CA-0412", "Again", Role::kOfficer, "x", {}, 0, 0, 0, true, ""}), ErrorCode::kAlreadyExists, "CA-0412");
    expect_error(r.add({"bad id!", "X", Role::kOfficer, "x", {}, 0, 0, 0, true, ""}), ErrorCode::kInvalidArgument,
                 "letters, digits or '-'");
  }
  auto r = rig.registry();
  auto found = r.find("CA-0412");
  ASSERT_OK(found);
  assert_int_equal(static_cast<int>(found->role), static_cast<int>(Role::kOfficer));
  assert_string_equal(found->finger.format.c_str(), hal::FakeFingerSensor::kFormat);
  expect_error(r.find("CA-9999"), ErrorCode::kNotFound, "no officer 'CA-9999'");
  auto n = r.count();
  ASSERT_OK(n);
  assert_int_equal(*n, 1);
}

void a_log_in_needs_both_the_pin_and_the_finger(void**) {
  Rig rig;
  auto r = rig.registry();
  rig.add(r, "CA-0412", Role::kOfficer, "111111", 1);
  auto ok = rig.log_in(r, "CA-0412", "111111", 1);
  ASSERT_OK(ok);
  assert_true(rig.audited("officer.login", "CA-0412"));
  expect_error(rig.log_in(r, "CA-0412", "111112", 1), ErrorCode::kWrongPin, "wrong PIN; 2 tries left");
  expect_error(rig.log_in(r, "CA-0412", "111111", 9), ErrorCode::kWrongPin, "finger does not match");
  assert_true(rig.audited("officer.login_failed", "CA-0412"));
  expect_error(rig.log_in(r, "NOBODY", "111111", 1), ErrorCode::kNotFound, "no officer 'NOBODY'");
  assert_true(rig.audited("officer.login_unknown", "NOBODY"));
}

void a_sensor_that_sees_no_finger_costs_no_try(void**) {
  Rig rig;
  auto r = rig.registry();
  rig.add(r, "CA-0412", Role::kOfficer, "111111", 1);
  for (int i = 0; i < 5; ++i) {
    auto e = verify_officer(r, rig.sensor, rig.clock, rig.policy, "CA-0412", "111111", rig.audit_fn);
    expect_error(e, ErrorCode::kTimeout, "no finger");
  }
  auto now = r.find("CA-0412");
  ASSERT_OK(now);
  assert_int_equal(now->failed_logins, 0);
}

void failures_lock_the_account_until_the_lockout_ends(void**) {
  Rig rig;
  auto r = rig.registry();
  rig.add(r, "CA-0412", Role::kOfficer, "111111", 1);
  (void)rig.log_in(r, "CA-0412", "000000", 1);
  (void)rig.log_in(r, "CA-0412", "000000", 1);
  expect_error(rig.log_in(r, "CA-0412", "000000", 1), ErrorCode::kPinLocked, "now locked out until");
  assert_true(rig.audited("officer.locked", "CA-0412"));
  // The right PIN and finger do not help while locked, and cost nothing.
  expect_error(rig.log_in(r, "CA-0412", "111111", 1), ErrorCode::kPinLocked, "locked out until");
  assert_true(rig.audited("officer.login_refused", "CA-0412"));
  // The lock survives the station restarting.
  auto reopened = rig.registry();
  rig.clock.advance(9min);
  expect_error(rig.log_in(reopened, "CA-0412", "111111", 1), ErrorCode::kPinLocked, "locked out");
  rig.clock.advance(2min);
  ASSERT_OK(rig.log_in(reopened, "CA-0412", "111111", 1));
  auto after = reopened.find("CA-0412");
  ASSERT_OK(after);
  assert_int_equal(after->failed_logins, 0);
  assert_int_equal(after->locked_until_ms, 0);
}

void a_supervisor_s_unlock_lifts_the_lockout(void**) {
  Rig rig;
  auto r = rig.registry();
  rig.add(r, "CA-0412", Role::kOfficer, "111111", 1);
  for (int i = 0; i < 3; ++i) (void)rig.log_in(r, "CA-0412", "000000", 1);
  ASSERT_OK(r.clear_failures("CA-0412"));
  ASSERT_OK(rig.log_in(r, "CA-0412", "111111", 1));
}

void an_idle_session_locks_itself(void**) {
  Rig rig;
  Officer officer{"CA-0412", "Officer", Role::kOfficer, "", {}, 0, 0, 0, true, ""};
  Session session(officer, rig.clock, 60s, rig.audit_fn);
  rig.clock.advance(59s);
  ASSERT_OK(session.touch());
  rig.clock.advance(59s);  // activity resets the count
  ASSERT_OK(session.touch());
  rig.clock.advance(61s);
  expect_error(session.touch(), ErrorCode::kFailedPrecondition, "locked itself after 60 s");
  assert_true(session.locked());
  // Still locked a moment later, audited once.
  expect_error(session.touch(), ErrorCode::kFailedPrecondition, "log in again");
  int locks = 0;
  for (const auto& line : rig.audit) locks += line.action == "session.idle_lock";
  assert_int_equal(locks, 1);
  session.unlock();
  ASSERT_OK(session.touch());
}

void refused_actions_are_audited(void**) {
  Rig rig;
  Officer tech{"TECH-01", "Technician", Role::kTechnician, "", {}, 0, 0, 0, true, ""};
  Session session(tech, rig.clock, 60s, rig.audit_fn);
  expect_error(session.require(Action::kReadCitizenData, "dossier-1"), ErrorCode::kPermissionDenied,
               "a technician may not read citizen data");
  assert_true(rig.audited("permission.denied", "dossier-1"));
  assert_string_equal(rig.audit.back().actor.c_str(), "TECH-01");
  ASSERT_OK(session.require(Action::kServiceDevices, "station"));
  assert_int_equal(rig.audit.size(), 1);
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(pins_are_six_to_twelve_digits),
      cmocka_unit_test(a_pin_is_kept_only_as_an_argon2id_hash),
      cmocka_unit_test(the_role_rules),
      cmocka_unit_test(the_registry_keeps_officers_across_reopening),
      cmocka_unit_test(a_log_in_needs_both_the_pin_and_the_finger),
      cmocka_unit_test(a_sensor_that_sees_no_finger_costs_no_try),
      cmocka_unit_test(failures_lock_the_account_until_the_lockout_ends),
      cmocka_unit_test(a_supervisor_s_unlock_lifts_the_lockout),
      cmocka_unit_test(an_idle_session_locks_itself),
      cmocka_unit_test(refused_actions_are_audited),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
