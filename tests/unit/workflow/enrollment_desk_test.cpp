// The enrollment desk as the kiosk will drive it, with no terminal: a real
// store (SQLite file, key files), the fake clock, the synthetic scanner on
// that clock, and an observer standing in for the people at the desk. The
// idle lock runs on the fake clock, so no test waits.
#include <cstring>
#include <vector>

#include "drivers/synthetic_scanner.hpp"
#include "store_fixture.hpp"
#include "station/workflow/enrollment_desk.hpp"
#include "station/workflow/face.hpp"
#include "station/workflow/synthetic_citizen.hpp"
#include "cmocka.hpp"

namespace {

using namespace store_test;
using namespace std::chrono_literals;
using hal::ErrorCode;
namespace wf = station::workflow;
namespace officers = station::officers;
namespace bio = station::biometrics;

constexpr auto kIdleLock = std::chrono::seconds(300);

officers::Officer person(const std::string& id, officers::Role role) {
  officers::Officer o;
  o.id = id;
  o.name = id;
  o.role = role;
  return o;
}

class HandOnPlaten final : public drivers::PlatenSource {
 public:
  explicit HandOnPlaten(bio::SyntheticHand& hand) : hand_(hand) {}
  void begin_session() override { hand_.begin_session(); }
  void draw(std::uint32_t index, std::span<std::uint8_t> pixels) override { hand_.draw(index, pixels); }

 private:
  bio::SyntheticHand& hand_;
};

// The people at the desk: log-ins succeed unless told otherwise, and every
// event is written down in order.
class Desk final : public wf::DeskObserver {
 public:
  explicit Desk(const hal::Clock& clock) : clock_(clock) {}
  hal::Status log_in_again(officers::Session& session) override {
    events.push_back("log in again " + session.officer_id());
    session.unlock();
    return {};
  }
  hal::Result<officers::Session> log_in_supervisor(const std::string& id, const std::string& why) override {
    events.push_back("supervisor " + id + " " + why);
    return officers::Session(person(id, officers::Role::kSupervisor), clock_, kIdleLock, {});
  }
  void step_started(wf::Step step) override { events.push_back("step " + std::string(wf::to_string(step))); }
  void stored(std::string_view what) override { events.push_back("stored " + std::string(what)); }
  void finger_started(int position) override { events.push_back("finger " + std::to_string(position)); }
  bool saw(const std::string& event) const {
    for (const auto& e : events) if (e.starts_with(event)) return true;
    return false;
  }
  std::vector<std::string> events;

 private:
  const hal::Clock& clock_;
};

struct Rig {
  StationKeys keys;
  std::unique_ptr<hal::KeyStore> key_store;
  std::unique_ptr<hal::FakeClock> clock = test_clock();
  std::unique_ptr<station::store::Store> store;
  bio::SyntheticHand hand{5};
  drivers::SyntheticScanner scanner{{}, *clock, std::make_unique<HandOnPlaten>(hand)};
  officers::Session officer{person(kOfficer, officers::Role::kOfficer), *clock, kIdleLock, {}};
  Desk people{*clock};

  Rig() {
    keys.write();
    key_store = keys.open();
    auto opened = Store::open(options_for(keys.dir.path() / "station.db"), key_store.get(), *clock);
    ASSERT_OK(opened);
    store = std::move(opened).value();
    ASSERT_OK(scanner.open());
  }
  wf::DeskDevices devices() {
    return {*clock, [this]() -> hal::Result<hal::RolledScanner*> { return &scanner; }, &hand, std::nullopt};
  }
  wf::EnrollmentDesk desk(wf::DeskOptions options = {}) {
    return wf::EnrollmentDesk(*store, officer, devices(), std::move(options), people);
  }
  // A draft with its demographics and face stored through the desk; its id.
  std::string draft_with_face(const wf::DeskInputs& in) {
    auto first = desk();
    ASSERT_OK(first.begin());
    ASSERT_OK(first.run_next(in));
    ASSERT_OK(first.run_next(in));
    return first.enrollment().id();
  }
  // A synthetic citizen, judged whole as `station enroll --synthetic` does.
  wf::DeskInputs inputs(std::uint64_t seed) {
    auto in = wf::fixed_inputs(wf::synthetic_demographics(seed), wf::synthetic_face(seed), seed, *clock, {}, 16000,
                               "synthetic citizen");
    ASSERT_OK(in);
    return std::move(in).value();
  }
};

void expect_step(wf::Step actual, wf::Step expected) {
  if (actual != expected) {
    fail_msg("step %s, expected %s", std::string(wf::to_string(actual)).c_str(),
             std::string(wf::to_string(expected)).c_str());
  }
}

using testing_support::expect_error;

// Step by step, as a kiosk screen would go: each call runs one step and
// stores it before the next begins. Fingers 1-8 are stored as if rolled
// earlier (a resumed draft), so that the desk rolls two on the scanner and
// the test stays short under ASan.
void a_whole_enrollment_step_by_step(void**) {
  Rig rig;
  const auto inputs = rig.inputs(11);
  std::string id;
  {
    auto desk = rig.desk();
    ASSERT_OK(desk.begin());
    id = desk.enrollment().id();
    for (wf::Step step : {wf::Step::kDemographics, wf::Step::kFace}) {
      auto ran = desk.run_next(inputs);
      ASSERT_OK(ran);
      expect_step(*ran, step);
      assert_true(rig.people.saw("stored " + std::string(wf::to_string(step))));
    }
  }
  Dossier model = complete_dossier(22000, 7);
  for (int p = 1; p <= 8; ++p) ASSERT_OK(rig.store->save_finger(id, p, model.fingers[p - 1], kOfficer));
  auto desk = rig.desk();
  ASSERT_OK(desk.resume(id.substr(0, 8)));
  for (wf::Step step : {wf::Step::kFingers, wf::Step::kReview}) {
    auto ran = desk.run_next(inputs);
    ASSERT_OK(ran);
    expect_step(*ran, step);
    assert_true(rig.people.saw("stored " + std::string(wf::to_string(step))));
  }
  assert_true(rig.people.saw("finger 9"));
  assert_true(rig.people.saw("finger 10"));
  auto last = desk.run_next(inputs);
  ASSERT_OK(last);
  expect_step(*last, wf::Step::kQueued);
  auto summary = rig.store->summary(id);
  ASSERT_OK(summary);
  assert_int_equal(static_cast<int>(summary->state), static_cast<int>(station::store::DossierState::kSealed));
  auto loaded = rig.store->load(id);
  ASSERT_OK(loaded);
  for (const auto& finger : loaded->fingers) assert_true(finger.capture.has_value());
  assert_false(rig.people.saw("log in again"));
  // Nothing is left at the desk for a sealed dossier: resuming says so.
  auto finished = desk.finished(id.substr(0, 8));
  ASSERT_OK(finished);
  assert_true(finished->has_value());
}

// Left alone past the idle lock (the fake clock moves, nobody waits), the
// officer logs in again before the next step runs; the lock is audited.
void an_idle_desk_asks_the_officer_to_log_in_again(void**) {
  Rig rig;
  int audited = 0;
  rig.officer = officers::Session(person(kOfficer, officers::Role::kOfficer), *rig.clock, kIdleLock,
                                  [&audited](std::string_view, std::string_view action, std::string_view, std::string_view) {
                                    if (action == "session.idle_lock") ++audited;
                                    return hal::Status{};
                                  });
  auto desk = rig.desk();
  const auto inputs = rig.inputs(12);
  ASSERT_OK(desk.begin());
  ASSERT_OK(desk.run_next(inputs));
  rig.clock->advance(kIdleLock - 1s);
  ASSERT_OK(desk.run_next(inputs));  // the face, just in time
  assert_false(rig.people.saw("log in again"));
  rig.clock->advance(kIdleLock + 1s);
  auto attended = desk.still_attended();
  ASSERT_OK(attended);
  assert_false(*attended);  // an answer typed meanwhile is dropped
  assert_true(rig.people.saw("log in again " + std::string(kOfficer)));
  assert_int_equal(audited, 1);
  // Logged in again, the desk goes on.
  auto attended_now = desk.still_attended();
  ASSERT_OK(attended_now);
  assert_true(*attended_now);
}

// An exception (a finger declared unable to print) needs a supervisor: with
// none at hand the step stops and the dossier stays a draft; with one, the
// supervisor logs in on first need and the approval is stored.
void exceptions_wait_for_a_supervisor(void**) {
  Rig rig;
  const auto inputs = rig.inputs(13);
  const std::string id = rig.draft_with_face(inputs);
  // Fingers 1-9 were taken; finger 10 could not be printed.
  Dossier model = complete_dossier(22000, 7);
  for (int p = 1; p <= 9; ++p) ASSERT_OK(rig.store->save_finger(id, p, model.fingers[p - 1], kOfficer));
  station::dossier::FingerSlot missing;
  missing.status = station::dossier::FingerStatus::kUnableToPrint;
  ASSERT_OK(rig.store->save_finger(id, 10, missing, kOfficer));

  auto alone = rig.desk();
  ASSERT_OK(alone.resume(id));
  expect_error(alone.run_next(inputs), ErrorCode::kFailedPrecondition, "fingers 10 need a supervisor's approval");
  assert_false(rig.people.saw("supervisor"));

  wf::DeskOptions with_supervisor;
  with_supervisor.supervisor = kOfficer;  // nobody approves their own exception
  auto own = rig.desk(with_supervisor);
  ASSERT_OK(own.resume(id));
  expect_error(own.run_next(inputs), ErrorCode::kPermissionDenied, "");
  assert_false(rig.people.saw("supervisor"));

  with_supervisor.supervisor = kSupervisor;
  auto desk = rig.desk(with_supervisor);
  ASSERT_OK(desk.resume(id));
  auto ran = desk.run_next(inputs);
  ASSERT_OK(ran);
  expect_step(*ran, wf::Step::kApproval);
  assert_true(rig.people.saw("supervisor " + std::string(kSupervisor) + " to approve fingers 10"));
  assert_string_equal(desk.enrollment().dossier().supervisor_id.c_str(), kSupervisor);
  expect_step(desk.enrollment().progress().step, wf::Step::kReview);
}

// An input that fails the checks is refused before any draft exists.
void a_bad_file_leaves_nothing_behind(void**) {
  Rig rig;
  auto d = wf::synthetic_demographics(3);
  d.personal_id = "12345";
  auto refused = wf::fixed_inputs(d, wf::synthetic_face(3), 3, *rig.clock, {}, 16000, "citizen.json");
  expect_error(refused, ErrorCode::kInvalidArgument, "citizen.json: ");
  expect_error(refused, ErrorCode::kInvalidArgument, "(nothing was saved)");
}

// The officer says no at the review: not sealed, and it can go on later.
void not_sealed_without_the_officer_s_yes(void**) {
  Rig rig;
  auto inputs = rig.inputs(14);
  const std::string id = rig.draft_with_face(inputs);
  Dossier model = complete_dossier(22000, 7);
  for (int p = 1; p <= 10; ++p) ASSERT_OK(rig.store->save_finger(id, p, model.fingers[p - 1], kOfficer));
  inputs.confirm_seal = [](const station::dossier::Dossier&) { return hal::Result<bool>(false); };
  auto desk = rig.desk();
  ASSERT_OK(desk.resume(id));
  const std::string why = "not sealed; resume dossier " + id;
  expect_error(desk.run_next(inputs), ErrorCode::kCancelled, why.c_str());
  auto summary = rig.store->summary(id);
  ASSERT_OK(summary);
  assert_int_equal(static_cast<int>(summary->state), static_cast<int>(station::store::DossierState::kDraft));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_whole_enrollment_step_by_step),
      cmocka_unit_test(an_idle_desk_asks_the_officer_to_log_in_again),
      cmocka_unit_test(exceptions_wait_for_a_supervisor),
      cmocka_unit_test(a_bad_file_leaves_nothing_behind),
      cmocka_unit_test(not_sealed_without_the_officer_s_yes),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
