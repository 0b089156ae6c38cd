// Comparing two sets of minutiae (MATCHING.md): BOZORTH3's idea, pair
// tables that are the same however a print is shifted or turned, then a
// vote for the one rotation and shift that most pairs agree on, and a count
// of the minutiae that then lie on each other. The score is that count
// squared over the minutiae both prints could have shown (0..100); the
// decision compares it with the threshold measured for a false-match rate.
#pragma once

#include <cstddef>
#include <vector>

#include "hal/result.hpp"
#include "station/biometrics/minutiae.hpp"

namespace station::biometrics {

struct MatchConfig {
  // The share of different-finger comparisons allowed to be called a match;
  // one of the rates MATCHING.md gives a threshold for (1e-2, 1e-3, 1e-4).
  double false_match_rate = 1e-3;
};

struct MatchResult {
  double score = 0;         // 0..100
  std::size_t paired = 0;   // minutiae that lie on a minutia of the other print
  double rotation = 0;      // radians that turn the probe onto the reference
  double dx = 0, dy = 0;    // px, after the rotation about the origin
  bool same_finger = false;  // score >= threshold
  double threshold = 0;
};

// The score threshold for a false-match rate. Errors: kInvalidArgument (a
// rate MATCHING.md has no measured threshold for).
hal::Result<double> threshold_for(double false_match_rate);

// Errors: kInvalidArgument (the rate, as threshold_for). Fewer than 4
// minutiae on either side score 0: too little to compare.
hal::Result<MatchResult> match(const std::vector<Minutia>& probe, const std::vector<Minutia>& reference,
                               const MatchConfig& config = {});

}  // namespace station::biometrics
