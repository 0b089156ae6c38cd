#include "station/workflow/enrollment.hpp"

namespace station::workflow {

namespace {

using store::DossierState;

hal::Error refused(const std::string& message) { return hal::make_error(hal::ErrorCode::kFailedPrecondition, message); }

}  // namespace

hal::Result<Enrollment> Enrollment::begin(store::Store& store, const hal::Clock& clock, std::string officer_id,
                                          EnrollmentOptions options) {
  auto id = store.create_draft(officer_id);
  if (!id) return id.error();
  Enrollment e(store, clock, *id, std::move(officer_id), options);
  HAL_TRY(e.reload());
  return e;
}

hal::Result<Enrollment> Enrollment::resume(store::Store& store, const hal::Clock& clock, const std::string& id,
                                           std::string officer_id, EnrollmentOptions options) {
  auto full = store.resolve_id(id);
  if (!full) return full.error();
  Enrollment e(store, clock, *full, std::move(officer_id), options);
  HAL_TRY(e.reload());
  if (e.progress().step == Step::kQueued) {
    return refused("dossier " + *full + " is " + std::string(store::to_string(e.state_)) + "; its enrollment is finished");
  }
  return e;
}

hal::Status Enrollment::reload() {
  auto summary = store_->summary(id_);
  if (!summary) return summary.error();
  state_ = summary->state;
  auto loaded = store_->load(id_);
  if (!loaded) return loaded.error();
  dossier_ = std::move(*loaded);
  return {};
}

Progress Enrollment::progress() const { return progress_of(dossier_, state_, options_.card_at_desk); }

hal::Status Enrollment::check_demographics(const dossier::Demographics& demographics,
                                           const dossier::PartialDate& today) {
  auto problems = dossier::validate_demographics(demographics, dossier::Stage::kSeal, today);
  if (!problems.empty()) return dossier::to_error(problems, "the personal data");
  return {};
}

hal::Status Enrollment::check_face(const dossier::Capture& face, const EnrollmentOptions& options) {
  if (options.card_at_desk && face.format != dossier::ImageFormat::kJpeg2000) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "the face must be JPEG 2000 for the card");
  }
  auto problems = dossier::validate_face(face, dossier::Stage::kSeal, options.rules, true);
  if (!problems.empty()) return dossier::to_error(problems, "the face image");
  return {};
}

hal::Status Enrollment::save_demographics(const dossier::Demographics& demographics) {
  HAL_TRY(check_demographics(demographics, dossier::civil_date(clock_->now())));
  HAL_TRY(store_->save_demographics(id_, demographics, officer_));
  return reload();
}

hal::Status Enrollment::save_face(const dossier::Capture& face) {
  HAL_TRY(check_face(face, options_));
  HAL_TRY(store_->save_face(id_, face, officer_));
  return reload();
}

hal::Status Enrollment::save_finger(int position, const dossier::FingerSlot& slot) {
  HAL_TRY(store_->save_finger(id_, position, slot, officer_));
  return reload();
}

hal::Status Enrollment::check_approver(const std::string& supervisor_id) {
  if (supervisor_id.empty()) return hal::make_error(hal::ErrorCode::kInvalidArgument, "give the supervisor's id");
  if (supervisor_id == officer_ || supervisor_id == dossier_.officer_id) {
    HAL_TRY(store_->record_action(officer_, "approval.refused", id_, "self-approval by " + supervisor_id));
    return hal::make_error(hal::ErrorCode::kPermissionDenied,
                           "officer " + supervisor_id + " enrolled this dossier and cannot approve its exceptions; "
                           "another supervisor must");
  }
  return {};
}

hal::Status Enrollment::approve(const std::string& supervisor_id) {
  HAL_TRY(check_approver(supervisor_id));
  HAL_TRY(store_->set_supervisor(id_, supervisor_id, officer_));
  return reload();
}

hal::Status Enrollment::seal() {
  if (progress().step != Step::kReview) {
    return refused("dossier " + id_ + " cannot be sealed before its " + std::string(to_string(progress().step)) +
                   " step is done");
  }
  HAL_TRY(store_->transition(id_, DossierState::kSealed, officer_));
  return reload();
}

hal::Status Enrollment::card_issued() {
  HAL_TRY(store_->transition(id_, DossierState::kPersonalized, officer_));
  return reload();
}

}  // namespace station::workflow
