#include "station/workflow/enrollment_desk.hpp"

#include "station/workflow/face.hpp"
#include "station/workflow/finger_capture.hpp"

namespace station::workflow {

namespace {

using hal::ErrorCode;

std::string positions_text(const std::vector<int>& positions) {
  std::string text;
  for (int p : positions) text += (text.empty() ? "" : ", ") + std::to_string(p);
  return text;
}

}  // namespace

hal::Result<DeskInputs> fixed_inputs(dossier::Demographics demographics, const biometrics::RawImage& face,
                                     std::uint64_t hand_seed, const hal::Clock& clock, const EnrollmentOptions& options,
                                     std::size_t face_bytes, const std::string& source) {
  auto capture = face_capture(face, face_bytes, clock.now());
  if (!capture) return capture.error();
  auto valid = Enrollment::check_demographics(demographics, dossier::civil_date(clock.now()));
  if (valid) valid = Enrollment::check_face(*capture, options);
  if (!valid) return hal::make_error(valid.error().code, source + ": " + valid.error().message + " (nothing was saved)");
  DeskInputs inputs;
  inputs.confirm_seal = [](const dossier::Dossier&) { return hal::Result<bool>(true); };
  inputs.demographics = [d = std::move(demographics)] { return hal::Result<dossier::Demographics>(d); };
  inputs.face = [c = std::move(*capture)] { return hal::Result<dossier::Capture>(c); };
  inputs.hand_seed = hand_seed;
  return inputs;
}

EnrollmentDesk::EnrollmentDesk(store::Store& store, officers::Session& officer, DeskDevices devices,
                               DeskOptions options, DeskObserver& observer)
    : store_(store), officer_(officer), devices_(std::move(devices)), options_(std::move(options)), observer_(observer) {}

hal::Result<bool> EnrollmentDesk::still_attended() {
  auto touched = officer_.touch();
  if (touched) return true;
  if (!officer_.locked()) return touched.error();
  HAL_TRY(observer_.log_in_again(officer_));
  return false;
}

hal::Result<std::optional<Finished>> EnrollmentDesk::finished(const std::string& id_or_prefix) {
  auto id = store_.resolve_id(id_or_prefix);
  if (!id) return id.error();
  auto summary = store_.summary(*id);
  if (!summary) return summary.error();
  if (summary->state == store::DossierState::kDraft) return std::optional<Finished>();
  // Sealed, with the card to issue here: the card step is still ahead.
  if (summary->state == store::DossierState::kSealed && options_.enrollment.card_at_desk) {
    return std::optional<Finished>();
  }
  return std::optional<Finished>(Finished{*id, summary->state});
}

hal::Status EnrollmentDesk::begin() {
  auto e = Enrollment::begin(store_, devices_.clock, officer_.officer_id(), options_.enrollment);
  if (!e) return e.error();
  enrollment_.emplace(std::move(*e));
  return opened();
}

hal::Status EnrollmentDesk::resume(const std::string& id_or_prefix) {
  auto id = store_.resolve_id(id_or_prefix);
  if (!id) return id.error();
  HAL_TRY(officer_.require(officers::Action::kReadCitizenData, *id));
  auto summary = store_.summary(*id);
  if (!summary) return summary.error();
  const std::string whose = summary->officer_id == officer_.officer_id() ? "" : " begun by officer " + summary->officer_id;
  HAL_TRY(store_.record_view(*id, officer_.officer_id(), "the draft" + whose + ", to resume its enrollment"));
  auto e = Enrollment::resume(store_, devices_.clock, id_or_prefix, officer_.officer_id(), options_.enrollment);
  if (!e) return e.error();
  enrollment_.emplace(std::move(*e));
  return opened();
}

hal::Status EnrollmentDesk::opened() {
  observer_.opened(enrollment_->id(), officer_.officer_id());
  observer_.stored("begin");
  return {};
}

hal::Result<Step> EnrollmentDesk::run_next(const DeskInputs& inputs) {
  if (!enrollment_) return hal::make_error(ErrorCode::kFailedPrecondition, "no enrollment is open at the desk");
  auto attended = still_attended();
  if (!attended) return attended.error();
  const Step step = enrollment_->progress().step;
  if (step == Step::kQueued) return step;
  observer_.step_started(step);
  HAL_TRY(run_step(step, inputs));
  observer_.stored(to_string(step));
  return step;
}

hal::Status EnrollmentDesk::run_to_end(const DeskInputs& inputs) {
  for (;;) {
    auto ran = run_next(inputs);
    if (!ran) return ran.error();
    if (*ran == Step::kQueued) return {};
  }
}

// The supervisor's id, logging them in (PIN and finger) on first need.
hal::Result<std::string> EnrollmentDesk::supervisor_id(const std::string& what) {
  const std::string& dossier_id = enrollment_->id();
  if (!supervisor_) {
    if (options_.supervisor.empty()) {
      return hal::make_error(ErrorCode::kFailedPrecondition,
                             what + " need a supervisor's approval: " + observer_.resume_hint(dossier_id, true));
    }
    HAL_TRY(enrollment_->check_approver(options_.supervisor));
    auto session = observer_.log_in_supervisor(options_.supervisor, "to approve " + what);
    if (!session) return session.error();
    supervisor_.emplace(std::move(session).value());
  }
  HAL_TRY(supervisor_->require(officers::Action::kApproveException, dossier_id));
  return supervisor_->officer_id();
}

hal::Status EnrollmentDesk::run_step(Step step, const DeskInputs& inputs) {
  switch (step) {
    case Step::kDemographics: {
      auto d = inputs.demographics();
      if (!d) return d.error();
      return enrollment_->save_demographics(*d);
    }
    case Step::kFace: return face_step(inputs);
    case Step::kFingers: return fingers_step(inputs.hand_seed);
    case Step::kApproval: {
      auto supervisor = supervisor_id("fingers " + positions_text(enrollment_->progress().exceptions));
      if (!supervisor) return supervisor.error();
      return enrollment_->approve(*supervisor);
    }
    case Step::kReview: return review_step(inputs);
    case Step::kCard: return card_step();
    case Step::kQueued: return {};
  }
  return {};
}

hal::Status EnrollmentDesk::face_step(const DeskInputs& inputs) {
  for (;;) {
    auto capture = inputs.face();
    if (!capture) return capture.error();
    auto saved = enrollment_->save_face(*capture);
    if (saved) return {};
    // Only an officer's answers can be asked again; a file or a seed stays bad.
    if (!inputs.retry) return saved;
    observer_.face_refused(saved.error());
  }
}

hal::Status EnrollmentDesk::fingers_step(std::uint64_t hand_seed) {
  if (devices_.hand) *devices_.hand = biometrics::SyntheticHand(hand_seed);
  auto scanner = devices_.scanner();
  if (!scanner) return scanner.error();
  FingerCaptureOptions options;
  options.max_attempts = options_.max_attempts;
  options.min_quality = options_.min_quality;
  options.before_finger = [this](int position) -> hal::Status {
    // Rolling fingers is activity; a lock between fingers asks the log-in again.
    auto attended = still_attended();
    if (!attended) return attended.error();
    observer_.finger_started(position);
    if (devices_.hand) return devices_.hand->present(position);
    return {};
  };
  options.on_roll = [this](int position, const std::string& message) { observer_.roll_done(position, message); };
  options.supervisor_for = [this](int position) {
    return supervisor_id("finger " + std::to_string(position) + ", which used its attempts,");
  };
  return capture_fingers(*enrollment_, **scanner, options);
}

hal::Status EnrollmentDesk::review_step(const DeskInputs& inputs) {
  auto yes = inputs.confirm_seal(enrollment_->dossier());
  if (!yes) return yes.error();
  if (!*yes) {
    return hal::make_error(ErrorCode::kCancelled,
                           "not sealed; " + observer_.resume_hint(enrollment_->id(), false) + " to go on");
  }
  return enrollment_->seal();
}

hal::Status EnrollmentDesk::card_step() {
  HAL_TRY(officer_.require(officers::Action::kPersonalize, enrollment_->id()));
  if (!devices_.card) return hal::make_error(ErrorCode::kFailedPrecondition, "no card writer is set up at this desk");
  Enrollment& e = *enrollment_;
  auto issued = issue_dossier_card(
      *devices_.card, options_.card, store_, e.id(), e.officer(),
      [this](const std::string& line) { observer_.card_note(line); }, [&e] { return e.card_issued(); });
  if (!issued) return issued.error();
  observer_.card_issued(*issued);
  return {};
}

}  // namespace station::workflow
