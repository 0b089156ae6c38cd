// The enrollment as a state machine over the store: the step is read back
// from what is stored, each save is checked first (nothing stored when it is
// refused), exceptions need a supervisor who is not the enrolling officer.
#include <cstring>

#include "store_fixture.hpp"
#include "station/workflow/enrollment.hpp"
#include "station/workflow/face.hpp"
#include "cmocka.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;
namespace wf = station::workflow;
using station::dossier::FingerStatus;

struct Rig {
  StationKeys keys;
  std::unique_ptr<hal::KeyStore> key_store;
  std::unique_ptr<hal::FakeClock> clock = test_clock();
  std::unique_ptr<station::store::Store> store;
  Dossier model = complete_dossier(22000, 7);

  Rig() {
    keys.write();
    key_store = keys.open();
    auto opened = Store::open(options_for(keys.dir.path() / "station.db"), key_store.get(), *clock);
    ASSERT_OK(opened);
    store = std::move(opened).value();
  }
  wf::Enrollment begin(bool card_at_desk = false) {
    wf::EnrollmentOptions options;
    options.card_at_desk = card_at_desk;
    auto e = wf::Enrollment::begin(*store, *clock, kOfficer, options);
    ASSERT_OK(e);
    return std::move(e).value();
  }
  void save_all_fingers(wf::Enrollment& e) {
    for (int p = 1; p <= 10; ++p) ASSERT_OK(e.save_finger(p, model.fingers[p - 1]));
  }
  std::int64_t audit_count(const std::string& action) {
    return RawDb(keys.dir.path() / "station.db").integer("SELECT COUNT(*) FROM audit WHERE action = '" + action + "'");
  }
};

using testing_support::expect_error;

void the_steps_follow_what_is_stored(void**) {
  Rig rig;
  auto e = rig.begin();
  assert_int_equal(static_cast<int>(e.progress().step), static_cast<int>(wf::Step::kDemographics));
  ASSERT_OK(e.save_demographics(rig.model.demographics));
  assert_int_equal(static_cast<int>(e.progress().step), static_cast<int>(wf::Step::kFace));
  ASSERT_OK(e.save_face(*rig.model.face));
  assert_int_equal(static_cast<int>(e.progress().step), static_cast<int>(wf::Step::kFingers));
  for (int p = 1; p <= 4; ++p) ASSERT_OK(e.save_finger(p, rig.model.fingers[p - 1]));
  assert_int_equal(e.progress().fingers_left.size(), 6);
  assert_int_equal(e.progress().fingers_left.front(), 5);
  // Another process reading the same store sees the same step: it is never
  // kept anywhere but in what was saved.
  auto again = wf::Enrollment::resume(*rig.store, *rig.clock, e.id().substr(0, 8), kOfficer, {});
  ASSERT_OK(again);
  assert_int_equal(static_cast<int>(again->progress().step), static_cast<int>(wf::Step::kFingers));
  assert_int_equal(again->progress().fingers_left.front(), 5);
  for (int p = 5; p <= 10; ++p) ASSERT_OK(again->save_finger(p, rig.model.fingers[p - 1]));
  assert_int_equal(static_cast<int>(again->progress().step), static_cast<int>(wf::Step::kReview));
  ASSERT_OK(again->seal());
  assert_int_equal(static_cast<int>(again->progress().step), static_cast<int>(wf::Step::kQueued));
  expect_error(wf::Enrollment::resume(*rig.store, *rig.clock, e.id(), kOfficer, {}), ErrorCode::kFailedPrecondition,
               "its enrollment is finished");
}

void bad_demographics_are_refused_and_nothing_is_stored(void**) {
  Rig rig;
  auto e = rig.begin();
  auto bad = rig.model.demographics;
  bad.personal_id = "12345";
  bad.full_name.clear();
  auto refused = e.save_demographics(bad);
  expect_error(refused, ErrorCode::kInvalidArgument, "personal_id");
  expect_error(refused, ErrorCode::kInvalidArgument, "full_name");
  assert_int_equal(static_cast<int>(e.progress().step), static_cast<int>(wf::Step::kDemographics));
  assert_int_equal(rig.audit_count("record.save"), 0);
}

void the_seal_waits_for_the_review(void**) {
  Rig rig;
  auto e = rig.begin();
  expect_error(e.seal(), ErrorCode::kFailedPrecondition, "before its demographics step is done");
}

void exceptions_need_a_supervisor_other_than_the_officer(void**) {
  Rig rig;
  auto e = rig.begin();
  ASSERT_OK(e.save_demographics(rig.model.demographics));
  ASSERT_OK(e.save_face(*rig.model.face));
  rig.save_all_fingers(e);
  station::dossier::FingerSlot missing;
  missing.status = FingerStatus::kAmputated;
  ASSERT_OK(e.save_finger(4, missing));
  assert_int_equal(static_cast<int>(e.progress().step), static_cast<int>(wf::Step::kApproval));
  assert_int_equal(e.progress().exceptions.size(), 1);
  assert_int_equal(e.progress().exceptions[0], 4);
  expect_error(e.approve(kOfficer), ErrorCode::kPermissionDenied, "cannot approve its exceptions");
  assert_int_equal(rig.audit_count("approval.refused"), 1);
  expect_error(e.check_approver(kOfficer), ErrorCode::kPermissionDenied, "another supervisor must");
  assert_int_equal(static_cast<int>(e.progress().step), static_cast<int>(wf::Step::kApproval));
  ASSERT_OK(e.approve("supervisor-003"));
  assert_string_equal(e.dossier().supervisor_id.c_str(), "supervisor-003");
  assert_int_equal(static_cast<int>(e.progress().step), static_cast<int>(wf::Step::kReview));
}

void a_card_at_the_desk_is_one_more_step(void**) {
  Rig rig;
  auto e = rig.begin(true);
  ASSERT_OK(e.save_demographics(rig.model.demographics));
  // The chip holds JPEG 2000 (ICAO 9303 DG2): another format is refused here.
  expect_error(e.save_face(*rig.model.face), ErrorCode::kInvalidArgument, "JPEG 2000 for the card");
  assert_int_equal(static_cast<int>(e.progress().step), static_cast<int>(wf::Step::kFace));
  auto face = wf::face_capture(wf::synthetic_face(3), 16000, rig.clock->now());
  ASSERT_OK(face);
  ASSERT_OK(e.save_face(*face));
  rig.save_all_fingers(e);
  ASSERT_OK(e.seal());
  assert_int_equal(static_cast<int>(e.progress().step), static_cast<int>(wf::Step::kCard));
  wf::EnrollmentOptions at_desk;
  at_desk.card_at_desk = true;
  auto resumed = wf::Enrollment::resume(*rig.store, *rig.clock, e.id(), kOfficer, at_desk);
  ASSERT_OK(resumed);
  assert_int_equal(static_cast<int>(resumed->progress().step), static_cast<int>(wf::Step::kCard));
  ASSERT_OK(resumed->card_issued());
  assert_int_equal(static_cast<int>(resumed->progress().step), static_cast<int>(wf::Step::kQueued));
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(the_steps_follow_what_is_stored),
      cmocka_unit_test(bad_demographics_are_refused_and_nothing_is_stored),
      cmocka_unit_test(the_seal_waits_for_the_review),
      cmocka_unit_test(exceptions_need_a_supervisor_other_than_the_officer),
      cmocka_unit_test(a_card_at_the_desk_is_one_more_step),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
