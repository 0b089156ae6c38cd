#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "minutiae_skeleton.hpp"
#include "quality/block_grid.hpp"
#include "station/biometrics/minutiae.hpp"

namespace station::biometrics {

namespace {

using std::numbers::pi;

constexpr int kEdgeMargin = 16;     // px of print needed around a minutia
constexpr int kMinSeparation = 8;   // px, about a ridge period: closer pairs are spurs and bridges
constexpr int kWalk = 10;           // px walked along the lines for a direction
constexpr double kBreakGap = 18;    // px: two facing endings this close are one broken ridge
constexpr double kFacing = 2.4;     // rad: ...when their directions differ by more than this

hal::Status check_size(const GreyImage& print, const MinutiaeLimits& limits) {
  std::string size = std::to_string(print.width()) + " x " + std::to_string(print.height());
  auto bad = [](const std::string& what) { return hal::make_error(hal::ErrorCode::kInvalidArgument, "minutiae: " + what); };
  if (print.empty()) return bad("the image is empty");
  if (print.width() < limits.min_side || print.height() < limits.min_side) {
    return bad("a " + size + " image is too small for a print (at least " + std::to_string(limits.min_side) + " a side)");
  }
  if (std::uint64_t{print.width()} * print.height() > limits.max_pixels) {
    return bad("a " + size + " image is larger than a print may be (" + std::to_string(limits.max_pixels) +
               " pixels); segment a slap into fingertips first");
  }
  return {};
}

double wrap(double a) {
  a = std::fmod(a, 2 * pi);
  return a < 0 ? a + 2 * pi : a;
}

double angle_between(double a, double b) {
  double d = std::abs(wrap(a) - wrap(b));
  return std::min(d, 2 * pi - d);
}

// The two ends of a ridge broken by a crease or dry skin face each other across the gap.
bool broken_ridge(const Minutia& a, const Minutia& b) {
  if (a.type != MinutiaType::kEnding || b.type != MinutiaType::kEnding) return false;
  double dx = b.x - a.x, dy = b.y - a.y;
  return std::hypot(dx, dy) < kBreakGap && angle_between(a.angle, b.angle) > kFacing;
}

std::vector<Minutia> drop_broken_ridges(const std::vector<Minutia>& found) {
  std::vector<bool> keep(found.size(), true);
  for (std::size_t i = 0; i < found.size(); ++i) {
    for (std::size_t j = i + 1; j < found.size() && found[j].y - found[i].y < kBreakGap; ++j) {
      if (broken_ridge(found[i], found[j])) keep[i] = keep[j] = false;
    }
  }
  std::vector<Minutia> kept;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (keep[i]) kept.push_back(found[i]);
  }
  return kept;
}

int point_quality(const quality::BlockGrid& grid, int x, int y) {
  auto c = std::min(static_cast<std::uint32_t>(x) / quality::kBlock, grid.cols - 1);
  auto r = std::min(static_cast<std::uint32_t>(y) / quality::kBlock, grid.rows - 1);
  return std::clamp(static_cast<int>(std::lround(100 * grid.at(c, r).certainty)), 1, 100);
}

}  // namespace

hal::Result<std::vector<Minutia>> extract_minutiae(const GreyImage& print, const MinutiaeLimits& limits) {
  HAL_TRY(check_size(print, limits));
  quality::BlockGrid grid = quality::build_block_grid(print);
  if (grid.cols == 0 || grid.rows == 0) return std::vector<Minutia>{};
  skeleton::Bitmap lines = skeleton::binarise(print, grid);
  skeleton::thin(lines);
  auto inside = [&grid](int x, int y) { return grid.surrounds(x, y, kEdgeMargin); };
  std::vector<Minutia> found;
  for (auto p : skeleton::drop_close_pairs(skeleton::crossing_points(lines, inside), kMinSeparation)) {
    double angle = skeleton::minutia_direction(lines, p, kWalk);
    if (std::isnan(angle)) continue;
    found.push_back({p.x, p.y, wrap(angle), p.fork ? MinutiaType::kBifurcation : MinutiaType::kEnding,
                     point_quality(grid, p.x, p.y)});
  }
  return drop_broken_ridges(found);
}

}  // namespace station::biometrics
