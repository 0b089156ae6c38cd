#include <cmath>
#include <numbers>

#include "minutiae_skeleton.hpp"
#include "station/biometrics/synthetic_minutiae.hpp"

namespace station::biometrics {

namespace {

constexpr double kInside = 20;  // px inside the outline for a point to count
constexpr int kThinningArtefact = 4;  // px: closer pairs come from thinning a blunt ridge end, not the finger
constexpr int kWalk = 10;

bool well_inside(const FingerOutline& outline, int x, int y) {
  for (double dy : {-kInside, 0.0, kInside}) {
    for (double dx : {-kInside, 0.0, kInside}) {
      if (outline.coverage(x + dx, y + dy) < 1) return false;
    }
  }
  return true;
}

}  // namespace

std::vector<Minutia> true_minutiae(const SyntheticFinger& finger) {
  const GreyImage& relief = finger.relief;
  skeleton::Bitmap lines(static_cast<int>(relief.width()), static_cast<int>(relief.height()));
  for (std::uint32_t y = 0; y < relief.height(); ++y) {
    for (std::uint32_t x = 0; x < relief.width(); ++x) lines.at(int(x), int(y)) = relief.at(x, y) >= 128;
  }
  skeleton::thin(lines);
  auto inside = [&finger](int x, int y) { return well_inside(finger.outline, x, y); };
  std::vector<Minutia> truth;
  for (auto p : skeleton::drop_close_pairs(skeleton::crossing_points(lines, inside), kThinningArtefact)) {
    double angle = skeleton::minutia_direction(lines, p, kWalk);
    if (std::isnan(angle)) continue;
    if (angle < 0) angle += 2 * std::numbers::pi;
    truth.push_back({p.x, p.y, angle, p.fork ? MinutiaType::kBifurcation : MinutiaType::kEnding, 100});
  }
  return truth;
}

}  // namespace station::biometrics
