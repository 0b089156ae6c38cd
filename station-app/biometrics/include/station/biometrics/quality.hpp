// A 0-100 fingerprint quality score from local features in the spirit of
// NFIQ 2 (ISO/IEC 29794-4): orientation certainty, ridge-valley uniformity,
// frequency-domain analysis, local clarity, orientation flow, ridge contrast,
// minutiae count and the region of interest. QUALITY.md documents every
// feature, how they combine, and how rolled prints are scored.
#pragma once

#include <cstdint>

#include "hal/result.hpp"
#include "station/biometrics/grey_image.hpp"

namespace station::biometrics {

enum class Impression {
  kPlain,   // a flat touch (the officer's sensor, slap segments)
  kRolled,  // nail to nail on the rolled-print scanner
};

// Means over the region of interest, each 0 (bad) .. 1 (good).
struct QualityFeatures {
  double orientation_certainty = 0;
  double frequency = 0;      // frequency-domain analysis
  double clarity = 0;        // local clarity
  double uniformity = 0;     // ridge-valley uniformity
  double flow = 0;           // orientation flow
  double contrast = 0;       // ridge-valley grey difference
};

struct QualityReport {
  int score = 0;                  // 0..100
  QualityFeatures features;
  double local = 0;               // mean block quality over the region of interest, 0..1
  double area = 0;                // region of interest, px^2
  int minutiae = 0;               // ridge endings and forks found in clear blocks
  std::uint32_t blocks = 0;       // 32x32 blocks in the region of interest
};

// Scores a 500 ppi print. Errors: kInvalidArgument (sides outside 64..4096).
hal::Result<QualityReport> assess_quality(const GreyImage& print, Impression impression);

}  // namespace station::biometrics
