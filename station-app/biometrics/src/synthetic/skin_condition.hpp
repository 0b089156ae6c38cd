// Dry and wet skin change what the relief prints: dry skin loses contact in
// patches and prints faint, broken ridges; moisture fills the valleys, so
// ridges merge and wet patches print solid.
#pragma once

#include <vector>

#include "random.hpp"
#include "station/biometrics/grey_image.hpp"
#include "station/biometrics/synthetic_roll.hpp"

namespace station::biometrics::synthetic {

// The relief (0..1 per pixel) as the skin in `fault`'s condition prints it;
// the relief unchanged for faults that are not about the skin.
std::vector<float> skin_relief(const GreyImage& relief, RollFault fault, Random& random);

}  // namespace station::biometrics::synthetic
