// The enrollment's steps, and where a dossier stands among them. The step is
// read from what the store holds, never kept beside it: each step's result
// is saved the moment it completes, so after a crash or power cut the same
// reading gives the step to resume at.
#pragma once

#include <string_view>
#include <vector>

#include "station/dossier/dossier.hpp"
#include "station/store/dossier_state.hpp"

namespace station::workflow {

enum class Step {
  kDemographics,  // validated personal data
  kFace,          // the photo, JPEG 2000 for the card
  kFingers,       // ten rolled prints with quality gates and re-capture
  kApproval,      // exceptions (missing fingers, prints kept below the bar) need a supervisor
  kReview,        // the officer reads it all back, then seals
  kCard,          // personalize and verify the card, when it is issued at the desk
  kQueued,        // sealed (and carded): waits for sync
};

std::string_view to_string(Step step);

struct Progress {
  Step step = Step::kDemographics;
  std::vector<int> fingers_left;     // positions 1..10 with nothing recorded yet
  std::vector<int> exceptions;       // positions needing a supervisor's approval
};

// `card_at_desk`: this desk issues the card, so a sealed dossier still has
// the card step ahead.
Progress progress_of(const dossier::Dossier& dossier, store::DossierState state, bool card_at_desk);

}  // namespace station::workflow
