#include "station/biometrics/synthetic_finger.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "ink.hpp"
#include "orientation_model.hpp"
#include "random.hpp"
#include "ridge_growth.hpp"

namespace station::biometrics {

using synthetic::Random;

namespace {

constexpr double kEdgeSoftness = 4;   // pixels over which the print fades out at its outline
constexpr double kGrowthMargin = 10;  // ridges grow a little past the outline so its edge is clean

// Half-width of the outline at height y, grown by `margin`; negative above the tip.
double half_width_at(const FingerOutline& o, double y, double margin) {
  double cap = 0.85 * o.half_width;  // the fingertip is a half-ellipse this tall
  double a = o.half_width + margin;
  double b = cap + margin;
  double cap_centre = o.top_y + cap;
  if (y < cap_centre) {
    double t = (cap_centre - y) / b;
    return t >= 1 ? -1 : a * std::sqrt(1 - t * t);
  }
  // The sides narrow slightly towards the joint.
  double along = (y - cap_centre) / std::max(1.0, o.bottom_y - cap_centre);
  return a - 0.06 * o.half_width * along;
}

double inside_by(const FingerOutline& o, double x, double y, double margin) {
  double half = half_width_at(o, y, margin);
  if (half < 0) return -1;
  return std::min(half - std::abs(x - o.centre_x), o.bottom_y + margin - y);
}

PatternClass random_pattern(Random& random) {
  double u = random.uniform();
  if (u < 0.05) return PatternClass::kArch;
  if (u < 0.10) return PatternClass::kTentedArch;
  if (u < 0.40) return PatternClass::kLeftLoop;
  if (u < 0.70) return PatternClass::kRightLoop;
  return PatternClass::kWhorl;
}

FingerOutline random_outline(Random& random, const SyntheticFingerOptions& options) {
  double width = options.finger_width > 0 ? options.finger_width : random.uniform(480, 620);
  FingerOutline o;
  o.half_width = width / 2;
  double room = std::max(0.0, (options.width - width) / 2 - 8);
  o.centre_x = options.width / 2.0 + random.uniform(-1, 1) * std::min(room, 0.04 * options.width);
  o.top_y = options.height * random.uniform(0.04, 0.10);
  o.bottom_y = options.height * random.uniform(0.95, 1.03);
  return o;
}

hal::Status check(const SyntheticFingerOptions& o) {
  auto bad = [](const std::string& what) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "synthetic finger: " + what);
  };
  if (o.width < 64 || o.height < 64 || o.width > 4096 || o.height > 4096) {
    return bad("image of " + std::to_string(o.width) + "x" + std::to_string(o.height) + " is outside 64..4096 a side");
  }
  if (o.finger_width < 0 || o.finger_width > o.width - 16) {
    return bad("a finger " + std::to_string(o.finger_width) + " px wide does not fit an image " +
               std::to_string(o.width) + " px wide");
  }
  if (o.growth_iterations == 0) return bad("ridges need at least one growth iteration");
  return {};
}

synthetic::RidgeFields ridge_fields(const SyntheticFingerOptions& options, const FingerOutline& outline,
                                    const synthetic::OrientationModel& orientation,
                                    const synthetic::PeriodModel& period) {
  synthetic::RidgeFields f;
  f.width = options.width;
  f.height = options.height;
  std::size_t n = std::size_t{f.width} * f.height;
  f.angle.assign(n, 0);
  f.period.assign(n, 9);
  f.grow.assign(n, 0);
  for (std::uint32_t y = 0; y < f.height; ++y) {
    for (std::uint32_t x = 0; x < f.width; ++x) {
      std::size_t i = std::size_t{y} * f.width + x;
      if (inside_by(outline, x, y, kGrowthMargin) < 0) continue;
      f.grow[i] = 1;
      f.angle[i] = static_cast<float>(orientation.ridge_angle(x, y));
      f.period[i] = static_cast<float>(period.period(x, y));
    }
  }
  return f;
}

}  // namespace

std::string_view to_string(PatternClass pattern) {
  switch (pattern) {
    case PatternClass::kArch:
      return "arch";
    case PatternClass::kTentedArch:
      return "tented arch";
    case PatternClass::kLeftLoop:
      return "left loop";
    case PatternClass::kRightLoop:
      return "right loop";
    case PatternClass::kWhorl:
      return "whorl";
  }
  return "?";
}

double FingerOutline::coverage(double x, double y) const {
  return std::clamp(inside_by(*this, x, y, 0) / kEdgeSoftness, 0.0, 1.0);
}

GreyImage SyntheticFinger::impression() const {
  GreyImage out(relief.width(), relief.height());
  for (std::uint32_t y = 0; y < relief.height(); ++y) {
    for (std::uint32_t x = 0; x < relief.width(); ++x) {
      double dark = synthetic::ink_darkness(relief.at(x, y) / 255.0, 1.0);
      out.at(x, y) = static_cast<std::uint8_t>(std::lround(synthetic::ink_grey(dark)));
    }
  }
  return out;
}

hal::Result<SyntheticFinger> make_synthetic_finger(std::uint64_t seed, const SyntheticFingerOptions& options) {
  HAL_TRY(check(options));
  Random random(seed);
  SyntheticFinger finger;
  finger.seed = seed;
  finger.pattern = random_pattern(random);
  finger.outline = random_outline(random, options);
  auto orientation = synthetic::random_orientation_model(random, finger.outline, finger.pattern);
  auto period = synthetic::random_period_model(random, finger.outline);
  finger.cores = orientation.cores;
  finger.deltas = orientation.deltas;
  finger.ridge_period = period.mean;
  Random growth = random.fork(1);
  auto height = synthetic::grow_ridges(ridge_fields(options, finger.outline, orientation, period), growth,
                                       options.growth_iterations);
  finger.relief = GreyImage(options.width, options.height);
  for (std::uint32_t y = 0; y < options.height; ++y) {
    for (std::uint32_t x = 0; x < options.width; ++x) {
      double h = height[std::size_t{y} * options.width + x] * finger.outline.coverage(x, y);
      finger.relief.at(x, y) = static_cast<std::uint8_t>(std::lround(255 * h));
    }
  }
  return finger;
}

std::uint64_t finger_seed(std::uint64_t hand_seed, int position) {
  Random random(hand_seed ^ (0x5851F42D4C957F2Dull * static_cast<std::uint64_t>(position)));
  return random.next();
}

SyntheticFingerOptions finger_options(int position) {
  // Typical unrolled widths at 500 ppi: thumb, index, middle, ring, little.
  static constexpr double kWidths[] = {620, 560, 575, 540, 480};
  SyntheticFingerOptions options;
  int digit = ((position - 1) % 5 + 5) % 5;
  options.finger_width = kWidths[digit];
  return options;
}

}  // namespace station::biometrics
