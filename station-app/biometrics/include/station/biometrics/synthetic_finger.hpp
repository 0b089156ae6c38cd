// Synthetic fingers: there is no rolled-print data we may ship, so tests, the
// demo and training make their own. A seed fixes everything about a finger
// (pattern, singular points, ridge period, outline, every ridge), so the same
// seed always gives the same print; ten seeds make a hand.
//
// The print is grown, not drawn: an orientation field from the zero-pole
// model (cores and deltas) and a ridge-period field steer an oriented Gabor
// filter that is applied again and again to noise until ridges form.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "hal/result.hpp"
#include "station/biometrics/grey_image.hpp"

namespace station::biometrics {

enum class PatternClass { kArch, kTentedArch, kLeftLoop, kRightLoop, kWhorl };
std::string_view to_string(PatternClass pattern);

struct PointF {
  double x = 0;
  double y = 0;
};

// The outline of the print as it lies unrolled on the platen: a rounded
// fingertip at the top, straight sides, cut by the first joint's crease.
struct FingerOutline {
  double centre_x = 0;
  double top_y = 0;
  double bottom_y = 0;
  double half_width = 0;
  // 1 well inside, 0 outside, a few pixels of soft edge between.
  double coverage(double x, double y) const;
};

struct SyntheticFingerOptions {
  std::uint32_t width = 800;   // 1.6 in at 500 ppi: a rolled-print platen
  std::uint32_t height = 750;  // 1.5 in
  // Nail-to-nail width of the unrolled print in pixels; 0 lets the seed pick
  // one (480..620). Thumbs are wider than little fingers.
  double finger_width = 0;
  std::uint32_t growth_iterations = 10;
};

struct SyntheticFinger {
  std::uint64_t seed = 0;
  PatternClass pattern = PatternClass::kArch;
  std::vector<PointF> cores;
  std::vector<PointF> deltas;
  double ridge_period = 9;  // mean, in pixels
  FingerOutline outline;
  // Ridge height: 255 on a crest, 0 in a valley and off the finger.
  GreyImage relief;

  // The print as an even, full-pressure impression: dark ridges on light ground.
  GreyImage impression() const;
};

// Errors: kInvalidArgument (image sides outside 64..4096, a finger wider than
// the image, or no growth iterations).
hal::Result<SyntheticFinger> make_synthetic_finger(std::uint64_t seed, const SyntheticFingerOptions& options = {});

// One synthetic person's ten fingers: the seed of finger `position` (FGP 1..10)
// of the hand `hand_seed`, and options giving that finger a typical width.
std::uint64_t finger_seed(std::uint64_t hand_seed, int position);
SyntheticFingerOptions finger_options(int position);

}  // namespace station::biometrics
