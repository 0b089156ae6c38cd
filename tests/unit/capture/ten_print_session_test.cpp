// The ten-print session's rules: FGP order, re-capture up to the limit,
// supervisor decisions with their id, missing-finger codes.
#include "station/biometrics/ten_print_session.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;
using hal::ErrorCode;

CaptureAttempt good(int quality = 80) { return {std::nullopt, "rolled print", GreyImage(8, 8, 128), quality}; }
CaptureAttempt rejected(RollRejection why) { return {why, "rolled too fast", {}, 0}; }

void expect_code(const hal::Error& e, ErrorCode code) {
  if (e.code != code) fail_msg("expected '%s', got '%s'", std::string(hal::to_string(code)).c_str(), e.describe().c_str());
}

TenPrintSession session(TenPrintConfig config = {}) {
  auto s = TenPrintSession::start(std::move(config));
  ASSERT_OK(s);
  return std::move(s).value();
}

void fingers_come_in_fgp_order(void**) {
  auto s = session();
  for (int position = 1; position <= 10; ++position) {
    assert_int_equal(*s.current(), position);
    auto outcome = s.record(good());
    ASSERT_OK(outcome);
    assert_int_equal(static_cast<int>(outcome->next),
                     static_cast<int>(position < 10 ? NextStep::kNextFinger : NextStep::kComplete));
  }
  assert_true(s.complete());
  assert_int_equal(static_cast<int>(s.finger(7).status), static_cast<int>(FingerStatus::kCaptured));
  expect_code(s.record(good()).error(), ErrorCode::kFailedPrecondition);
}

void a_bad_roll_or_a_poor_print_is_taken_again(void**) {
  auto s = session();
  auto first = s.record(rejected(RollRejection::kTooFast));
  ASSERT_OK(first);
  assert_int_equal(static_cast<int>(first->next), static_cast<int>(NextStep::kRetry));
  assert_non_null(std::strstr(first->message.c_str(), "attempt 2 of 3"));
  auto second = s.record(good(25));  // below the default bar of 40
  assert_int_equal(static_cast<int>(second->next), static_cast<int>(NextStep::kRetry));
  assert_non_null(std::strstr(second->message.c_str(), "quality 25 is below 40"));
  auto third = s.record(good(41));
  assert_int_equal(static_cast<int>(third->next), static_cast<int>(NextStep::kNextFinger));
  assert_int_equal(*s.finger(1).kept, 2);
  assert_int_equal(s.finger(1).attempts.size(), 3);
  assert_true(s.finger(1).approved_by.empty());
}

void rolls_spoilt_by_the_station_do_not_use_the_citizens_attempts(void**) {
  auto s = session({3, 40, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2});
  for (int i = 0; i < 2; ++i) {
    auto lost = s.record(rejected(RollRejection::kFramesLost));
    ASSERT_OK(lost);
    assert_int_equal(static_cast<int>(lost->next), static_cast<int>(NextStep::kRetry));
    assert_non_null(std::strstr(lost->message.c_str(), "attempts are not used"));
  }
  assert_int_equal(s.finger(1).attempts.size(), 0);
  auto third = s.record(rejected(RollRejection::kFramesLost));
  expect_code(third.error(), ErrorCode::kUnavailable);
  assert_non_null(std::strstr(third.error().message.c_str(), "cannot keep up"));
  ASSERT_OK(s.record(good(70)));
  assert_int_equal(*s.finger(1).kept, 0);
}

void after_the_limit_a_supervisor_keeps_the_best_print(void**) {
  auto s = session({2, 60, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}});
  ASSERT_OK(s.record(good(50)));
  auto last = s.record(good(30));
  assert_int_equal(static_cast<int>(last->next), static_cast<int>(NextStep::kNeedsSupervisor));
  assert_true(s.awaiting_supervisor());
  expect_code(s.record(good(90)).error(), ErrorCode::kFailedPrecondition);
  expect_code(s.accept_best("").error(), ErrorCode::kInvalidArgument);
  ASSERT_OK(s.accept_best("sup-7"));
  assert_int_equal(*s.finger(1).kept, 0);  // quality 50 beat 30
  assert_string_equal(s.finger(1).approved_by.c_str(), "sup-7");
  assert_int_equal(*s.current(), 2);
}

void a_supervisor_cannot_override_early_or_without_a_print(void**) {
  auto s = session();
  ASSERT_OK(s.record(rejected(RollRejection::kSlipped)));
  expect_code(s.accept_best("sup").error(), ErrorCode::kFailedPrecondition);  // attempts left
  ASSERT_OK(s.record(rejected(RollRejection::kLifted)));
  ASSERT_OK(s.record(rejected(RollRejection::kPartial)));
  auto none = s.accept_best("sup");
  expect_code(none.error(), ErrorCode::kFailedPrecondition);  // no roll gave a print
  assert_non_null(std::strstr(none.error().message.c_str(), "unable to print"));
  ASSERT_OK(s.declare_missing(1, MissingReason::kUnableToPrint, "sup"));
  assert_string_equal(std::string(amp_code(*s.finger(1).missing)).c_str(), "UP");
  assert_int_equal(*s.current(), 2);
}

void a_finger_known_missing_is_skipped(void**) {
  auto s = session();
  ASSERT_OK(s.declare_missing(3, MissingReason::kAmputated, "sup-2"));
  ASSERT_OK(s.record(good()));
  ASSERT_OK(s.record(good()));
  assert_int_equal(*s.current(), 4);
  assert_string_equal(std::string(amp_code(*s.finger(3).missing)).c_str(), "XX");
  assert_string_equal(s.finger(3).approved_by.c_str(), "sup-2");
  expect_code(s.declare_missing(3, MissingReason::kAmputated, "sup-2").error(), ErrorCode::kFailedPrecondition);
  expect_code(s.declare_missing(1, MissingReason::kAmputated, "sup-2").error(), ErrorCode::kFailedPrecondition);
  expect_code(s.declare_missing(11, MissingReason::kAmputated, "sup-2").error(), ErrorCode::kInvalidArgument);
  expect_code(s.declare_missing(5, MissingReason::kAmputated, "").error(), ErrorCode::kInvalidArgument);
}

void a_session_may_take_only_some_fingers(void**) {
  auto s = session({3, 40, {7}});
  assert_int_equal(*s.current(), 7);
  ASSERT_OK(s.record(good()));
  assert_true(s.complete());
  assert_int_equal(static_cast<int>(s.finger(1).status), static_cast<int>(FingerStatus::kNotTaken));
  expect_code(s.declare_missing(2, MissingReason::kAmputated, "sup").error(), ErrorCode::kFailedPrecondition);
}

void impossible_settings_and_attempts_are_refused(void**) {
  expect_code(TenPrintSession::start({0, 40, {1}}).error(), ErrorCode::kInvalidArgument);
  expect_code(TenPrintSession::start({3, 101, {1}}).error(), ErrorCode::kInvalidArgument);
  expect_code(TenPrintSession::start({3, 40, {}}).error(), ErrorCode::kInvalidArgument);
  expect_code(TenPrintSession::start({3, 40, {2, 2}}).error(), ErrorCode::kInvalidArgument);
  expect_code(TenPrintSession::start({3, 40, {0}}).error(), ErrorCode::kInvalidArgument);
  auto s = session();
  expect_code(s.record({std::nullopt, "", {}, 50}).error(), ErrorCode::kInvalidArgument);  // accepted but no print
  expect_code(s.record(good(101)).error(), ErrorCode::kInvalidArgument);
  assert_int_equal(s.finger(1).attempts.size(), 0);
}

void fingers_have_their_names(void**) {
  assert_string_equal(std::string(finger_name(1)).c_str(), "right thumb");
  assert_string_equal(std::string(finger_name(6)).c_str(), "left thumb");
  assert_string_equal(std::string(finger_name(10)).c_str(), "left little");
  assert_string_equal(std::string(finger_name(0)).c_str(), "?");
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(fingers_come_in_fgp_order),
      cmocka_unit_test(a_bad_roll_or_a_poor_print_is_taken_again),
      cmocka_unit_test(rolls_spoilt_by_the_station_do_not_use_the_citizens_attempts),
      cmocka_unit_test(after_the_limit_a_supervisor_keeps_the_best_print),
      cmocka_unit_test(a_supervisor_cannot_override_early_or_without_a_print),
      cmocka_unit_test(a_finger_known_missing_is_skipped),
      cmocka_unit_test(a_session_may_take_only_some_fingers),
      cmocka_unit_test(impossible_settings_and_attempts_are_refused),
      cmocka_unit_test(fingers_have_their_names),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
