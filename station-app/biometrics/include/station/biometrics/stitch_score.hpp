// How well a stitcher did on a synthetic roll, measured against the roll's
// ground truth: the contact line it tracked and the print it returned.
#pragma once

#include <cstddef>

#include "station/biometrics/roll_stitcher.hpp"
#include "station/biometrics/synthetic_roll.hpp"

namespace station::biometrics {

struct StitchScore {
  std::size_t frames = 0;          // stitched frames scored
  double mean_advance_error = 0;   // |tracked - true| contact-line travel between stitched frames, px
  double max_advance_error = 0;
  double mean_contact_error = 0;   // |tracked - true| contact line, px
  double coverage = 0;             // share of the finger's print the composite shows ridges on
  double correlation = 0;          // composite against truth where it shows ridges, -1..1
  double grey_rms = 0;             // grey-level RMS difference there
};

StitchScore score_stitch(const RollStitcher& stitcher, const SyntheticRoll& roll);

}  // namespace station::biometrics
