// A block seen across its ridges: pixels of an oriented 32 x 16 window (32
// across the ridges, 16 along them) averaged along the ridges into a 1-D
// signature, which rises and falls once per ridge. Four features read it:
// frequency-domain analysis (one clean dominant frequency), ridge-valley
// uniformity (ridges and valleys keep their widths), local clarity (ridge and
// valley grey levels do not overlap) and contrast (how far apart they are).
#pragma once

#include "block_grid.hpp"

namespace station::biometrics::quality {

struct SignatureFeatures {
  double frequency = 0;   // 0..1
  double uniformity = 0;  // 0..1
  double clarity = 0;     // 0..1
  double contrast = 0;    // 0..1
};

SignatureFeatures read_signature(const GreyImage& print, std::uint32_t bx, std::uint32_t by, double ridge_angle);

}  // namespace station::biometrics::quality
