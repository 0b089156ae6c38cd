#include "orientation_model.hpp"

#include <cmath>
#include <numbers>

namespace station::biometrics::synthetic {

namespace {

constexpr double kPi = std::numbers::pi;

double wave_value(const Wave& w, double x, double y) { return w.amplitude * std::sin(w.kx * x + w.ky * y + w.phase); }

Wave random_wave(Random& random, double wavelength_low, double wavelength_high, double amplitude) {
  double direction = random.uniform(0, 2 * kPi);
  double k = 2 * kPi / random.uniform(wavelength_low, wavelength_high);
  return {k * std::cos(direction), k * std::sin(direction), random.uniform(0, 2 * kPi), amplitude};
}

// Each core turns the ridges by half a turn around it, each delta by half a
// turn the other way (y grows downwards in the image).
double zero_pole_angle(const OrientationModel& m, double x, double y) {
  double angle = 0;
  for (const PointF& c : m.cores) angle += std::atan2(y - c.y, x - c.x);
  for (const PointF& d : m.deltas) angle -= std::atan2(y - d.y, x - d.x);
  return 0.5 * angle;
}

// Arch: ridges cross the finger and bow towards the tip in the middle.
double arch_angle(const OrientationModel& m, double x, double y) {
  double dx = (x - m.arch_centre.x) / m.arch_spread;
  double dy = (y - m.arch_centre.y) / m.arch_depth;
  double slope = m.arch_rise / m.arch_spread * 2 * dx * std::exp(-dx * dx) * std::exp(-dy * dy);
  return std::atan(slope);
}

PointF jittered(Random& random, double x, double y, double spread_x, double spread_y) {
  return {x + random.uniform(-spread_x, spread_x), y + random.uniform(-spread_y, spread_y)};
}

void place_singular_points(Random& random, const FingerOutline& o, OrientationModel& m) {
  double a = o.half_width;
  double span = o.bottom_y - o.top_y;
  double core_y = o.top_y + span * random.uniform(0.40, 0.48);
  double cx = o.centre_x;
  switch (m.pattern) {
    case PatternClass::kArch:
      m.arch_centre = {cx + random.uniform(-0.08, 0.08) * a, core_y + 0.1 * span};
      m.arch_rise = random.uniform(0.18, 0.28) * span;
      m.arch_spread = random.uniform(0.35, 0.5) * a;
      m.arch_depth = random.uniform(0.25, 0.35) * span;
      break;
    case PatternClass::kTentedArch: {
      PointF core = jittered(random, cx, core_y, 0.08 * a, 0.03 * span);
      m.cores.push_back(core);
      m.deltas.push_back({core.x + random.uniform(-0.03, 0.03) * a, core.y + random.uniform(0.14, 0.20) * span});
      break;
    }
    case PatternClass::kLeftLoop:
    case PatternClass::kRightLoop: {
      // The delta sits on the side the ridges do not leave from.
      double side = m.pattern == PatternClass::kRightLoop ? -1 : 1;
      PointF core = jittered(random, cx - side * 0.08 * a, core_y, 0.08 * a, 0.03 * span);
      m.cores.push_back(core);
      m.deltas.push_back({core.x + side * random.uniform(0.38, 0.55) * a, core.y + random.uniform(0.26, 0.34) * span});
      break;
    }
    case PatternClass::kWhorl: {
      double tilt = random.uniform(-0.6, 0.6);
      double gap = random.uniform(0.03, 0.06) * span;
      PointF centre = jittered(random, cx, core_y + 0.03 * span, 0.06 * a, 0.02 * span);
      m.cores.push_back({centre.x - gap * std::sin(tilt), centre.y - gap * std::cos(tilt)});
      m.cores.push_back({centre.x + gap * std::sin(tilt), centre.y + gap * std::cos(tilt)});
      double delta_y = centre.y + random.uniform(0.24, 0.32) * span;
      m.deltas.push_back({centre.x - random.uniform(0.45, 0.58) * a, delta_y + random.uniform(-0.04, 0.04) * span});
      m.deltas.push_back({centre.x + random.uniform(0.45, 0.58) * a, delta_y + random.uniform(-0.04, 0.04) * span});
      break;
    }
  }
}

}  // namespace

double OrientationModel::ridge_angle(double x, double y) const {
  double base = pattern == PatternClass::kArch ? arch_angle(*this, x, y) : zero_pole_angle(*this, x, y);
  double bend = 0;
  for (const Wave& w : waves) bend += wave_value(w, x, y);
  return base + rotation + bend;
}

OrientationModel random_orientation_model(Random& random, const FingerOutline& outline, PatternClass pattern) {
  OrientationModel m;
  m.pattern = pattern;
  m.rotation = random.uniform(-0.12, 0.12);
  place_singular_points(random, outline, m);
  for (Wave& w : m.waves) w = random_wave(random, 250, 700, random.uniform(0.03, 0.08));
  return m;
}

double PeriodModel::period(double x, double y) const {
  return mean * (1 + wave_value(wave, x, y) + vertical_gradient * (y - top_y) / height);
}

PeriodModel random_period_model(Random& random, const FingerOutline& outline) {
  PeriodModel p;
  p.mean = random.uniform(8.4, 9.6);
  p.wave = random_wave(random, 300, 800, random.uniform(0.02, 0.05));
  // Ridges spread a little towards the joint.
  p.vertical_gradient = random.uniform(0.02, 0.08);
  p.top_y = outline.top_y;
  p.height = std::max(1.0, outline.bottom_y - outline.top_y);
  return p;
}

}  // namespace station::biometrics::synthetic
