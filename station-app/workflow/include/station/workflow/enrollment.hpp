// One citizen's enrollment over the store: each step's result is validated,
// then saved in its own durable transaction, so that a crash loses at most
// the step in progress. The officer's id goes on every audit entry.
#pragma once

#include <string>

#include "hal/clock.hpp"
#include "hal/result.hpp"
#include "station/dossier/dossier.hpp"
#include "station/dossier/validation.hpp"
#include "station/store/store.hpp"
#include "station/workflow/step.hpp"

namespace station::workflow {

struct EnrollmentOptions {
  bool card_at_desk = false;      // the card step follows the seal
  dossier::QualityRules rules;    // the gates the seal checks
};

class Enrollment {
 public:
  // A new draft. Errors: the store's (kNoSpace when the disk is nearly full).
  static hal::Result<Enrollment> begin(store::Store& store, const hal::Clock& clock, std::string officer_id,
                                       EnrollmentOptions options);
  // The enrollment of dossier `id` (or a unique prefix), where it stopped.
  // kNotFound; kFailedPrecondition when it is already queued or further.
  static hal::Result<Enrollment> resume(store::Store& store, const hal::Clock& clock, const std::string& id,
                                        std::string officer_id, EnrollmentOptions options);

  // The checks save_demographics() and save_face() make, so that an input
  // from a file is judged whole before begin() creates a draft.
  static hal::Status check_demographics(const dossier::Demographics& demographics, const dossier::PartialDate& today);
  static hal::Status check_face(const dossier::Capture& face, const EnrollmentOptions& options);

  const std::string& id() const { return id_; }
  const std::string& officer() const { return officer_; }
  const dossier::Dossier& dossier() const { return dossier_; }
  Progress progress() const;

  // kInvalidArgument listing each field to correct (nothing saved then).
  hal::Status save_demographics(const dossier::Demographics& demographics);
  // The face must be JPEG 2000 when the card is issued here (kInvalidArgument).
  hal::Status save_face(const dossier::Capture& face);
  hal::Status save_finger(int position, const dossier::FingerSlot& slot);
  // The supervisor who approved the exceptions. kPermissionDenied when it
  // is the enrolling officer: nobody approves their own exception.
  hal::Status approve(const std::string& supervisor_id);
  // The refusal approve() would give (audited), before the supervisor
  // decides anything: kPermissionDenied for the enrolling officer.
  hal::Status check_approver(const std::string& supervisor_id);
  // Validates the whole dossier, then seals it (kInvalidArgument naming
  // every field to fix; nothing changes then).
  hal::Status seal();
  // The card at the desk was written and verified.
  hal::Status card_issued();

 private:
  Enrollment(store::Store& store, const hal::Clock& clock, std::string id, std::string officer, EnrollmentOptions options)
      : store_(&store), clock_(&clock), id_(std::move(id)), officer_(std::move(officer)), options_(options) {}
  hal::Status reload();

  store::Store* store_;
  const hal::Clock* clock_;
  std::string id_;
  std::string officer_;
  EnrollmentOptions options_;
  dossier::Dossier dossier_;
  store::DossierState state_ = store::DossierState::kDraft;
};

}  // namespace station::workflow
