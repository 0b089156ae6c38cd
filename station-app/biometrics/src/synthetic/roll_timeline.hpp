// The story of one roll, frame by frame: where the contact line is, how hard
// the finger presses, and how far its skin has slid. The renderer draws it;
// the stitcher is scored against it.
#pragma once

#include <vector>

#include "random.hpp"
#include "station/biometrics/synthetic_roll.hpp"

namespace station::biometrics::synthetic {

// `start_x` and `end_x` are the contact line's first and last positions.
std::vector<RollFrameTruth> roll_timeline(const RollOptions& options, double start_x, double end_x, Random& random);

}  // namespace station::biometrics::synthetic
