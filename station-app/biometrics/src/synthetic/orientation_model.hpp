// Where the ridges run: the zero-pole model (Sherlock & Monro) places cores
// and deltas as the field's singular points; arches, which have none, get a
// bump field instead. A few slow waves bend the field so no two fingers of a
// class look machine-made in the same way.
#pragma once

#include <array>

#include "random.hpp"
#include "station/biometrics/synthetic_finger.hpp"

namespace station::biometrics::synthetic {

struct Wave {
  double kx = 0, ky = 0, phase = 0, amplitude = 0;
};

struct OrientationModel {
  PatternClass pattern = PatternClass::kArch;
  std::vector<PointF> cores;
  std::vector<PointF> deltas;
  double rotation = 0;
  PointF arch_centre;
  double arch_rise = 0;    // how far the middle ridges bow up, in pixels
  double arch_spread = 0;  // horizontal scale of the bow
  double arch_depth = 0;   // vertical scale over which the bow fades
  std::array<Wave, 3> waves{};

  // Ridge direction at (x, y) in radians, modulo pi.
  double ridge_angle(double x, double y) const;
};

OrientationModel random_orientation_model(Random& random, const FingerOutline& outline, PatternClass pattern);

// Mean ridge period (pixels) and its slow variation over the finger.
struct PeriodModel {
  double mean = 9;
  Wave wave;
  double vertical_gradient = 0;  // relative change per print height
  double top_y = 0;
  double height = 1;
  double period(double x, double y) const;
};

PeriodModel random_period_model(Random& random, const FingerOutline& outline);

}  // namespace station::biometrics::synthetic
