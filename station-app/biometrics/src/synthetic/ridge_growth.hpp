// Growing ridges: noise filtered again and again by a Gabor filter tuned, at
// each pixel, to the local ridge direction and period, and clipped after each
// pass, settles into ridges that follow the fields, with the endings and
// forks of a real finger where the noise disagreed with itself.
#pragma once

#include <cstdint>
#include <vector>

#include "random.hpp"

namespace station::biometrics::synthetic {

struct RidgeFields {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<float> angle;        // ridge direction (radians, mod pi), row-major
  std::vector<float> period;       // pixels
  std::vector<std::uint8_t> grow;  // 1 where ridges are wanted
};

// Ridge height per pixel, 0 (valley) .. 1 (crest); 0.5 where nothing grew.
std::vector<float> grow_ridges(const RidgeFields& fields, Random& random, std::uint32_t iterations);

}  // namespace station::biometrics::synthetic
