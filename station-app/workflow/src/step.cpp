#include "station/workflow/step.hpp"

namespace station::workflow {

namespace {

using dossier::FingerStatus;

bool needs_approval(const dossier::FingerSlot& slot) {
  if (slot.status == FingerStatus::kAmputated || slot.status == FingerStatus::kUnableToPrint) return true;
  return slot.capture && slot.capture->accepted_below_threshold;
}

}  // namespace

std::string_view to_string(Step step) {
  switch (step) {
    case Step::kDemographics:
      return "demographics";
    case Step::kFace:
      return "face";
    case Step::kFingers:
      return "fingers";
    case Step::kApproval:
      return "approval";
    case Step::kReview:
      return "review";
    case Step::kCard:
      return "card";
    case Step::kQueued:
      return "queued";
  }
  return "?";
}

Progress progress_of(const dossier::Dossier& d, store::DossierState state, bool card_at_desk) {
  Progress p;
  if (state != store::DossierState::kDraft) {
    p.step = state == store::DossierState::kSealed && card_at_desk ? Step::kCard : Step::kQueued;
    return p;
  }
  for (int i = 0; i < dossier::kFingerCount; ++i) {
    const auto& slot = d.fingers[static_cast<std::size_t>(i)];
    if (slot.status == FingerStatus::kNotCaptured) p.fingers_left.push_back(i + 1);
    if (needs_approval(slot)) p.exceptions.push_back(i + 1);
  }
  if (d.demographics.full_name.empty() || d.demographics.personal_id.empty()) {
    p.step = Step::kDemographics;
  } else if (!d.face) {
    p.step = Step::kFace;
  } else if (!p.fingers_left.empty()) {
    p.step = Step::kFingers;
  } else if (!p.exceptions.empty() && d.supervisor_id.empty()) {
    p.step = Step::kApproval;
  } else {
    p.step = Step::kReview;
  }
  return p;
}

}  // namespace station::workflow
