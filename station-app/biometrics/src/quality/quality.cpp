#include "station/biometrics/quality.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "block_grid.hpp"
#include "minutiae.hpp"
#include "ridge_signature.hpp"

namespace station::biometrics {

namespace {

using quality::BlockGrid;
using quality::kBlock;

constexpr double kPi = std::numbers::pi;
// Orientation flow: neighbouring blocks of a real print differ by a few
// degrees (more near cores and deltas); beyond this they disagree.
constexpr double kFlowFreeAngle = 4 * kPi / 180;
constexpr double kClearBlock = 0.5;  // block quality at which its minutiae count
constexpr double kUsableContrast = 0.25;  // 25 grey levels between ridge and valley means

// What a complete, clean print of each impression covers at 500 ppi, and
// how many clear minutiae it shows (see QUALITY.md for the figures).
struct Expectation {
  double area;      // px^2
  double minutiae;
};
Expectation expected(Impression impression) {
  return impression == Impression::kRolled ? Expectation{250000, 60} : Expectation{45000, 25};
}

double angle_between(double a, double b) {
  double d = std::fmod(std::abs(a - b), kPi);
  return std::min(d, kPi - d);
}

double flow(const BlockGrid& grid, std::uint32_t bx, std::uint32_t by) {
  double sum = 0;
  int count = 0;
  for (int dy = -1; dy <= 1; ++dy) {
    for (int dx = -1; dx <= 1; ++dx) {
      int nx = static_cast<int>(bx) + dx, ny = static_cast<int>(by) + dy;
      if ((!dx && !dy) || nx < 0 || ny < 0 || nx >= static_cast<int>(grid.cols) || ny >= static_cast<int>(grid.rows)) continue;
      const auto& n = grid.at(static_cast<std::uint32_t>(nx), static_cast<std::uint32_t>(ny));
      if (!n.in_roi) continue;
      sum += angle_between(grid.at(bx, by).ridge_angle, n.ridge_angle);
      ++count;
    }
  }
  if (count == 0) return 0;
  return std::clamp(1 - (sum / count - kFlowFreeAngle) / (kPi / 2 - kFlowFreeAngle), 0.0, 1.0);
}

struct LocalScores {
  std::vector<double> block_quality;  // per block; negative outside the region
  QualityFeatures mean;
  double local = 0;
  std::uint32_t blocks = 0;
};

LocalScores score_blocks(const GreyImage& print, const BlockGrid& grid) {
  LocalScores s;
  s.block_quality.assign(grid.blocks.size(), -1);
  QualityFeatures& m = s.mean;
  for (std::uint32_t by = 0; by < grid.rows; ++by) {
    for (std::uint32_t bx = 0; bx < grid.cols; ++bx) {
      const auto& info = grid.at(bx, by);
      if (!info.in_roi) continue;
      auto sig = quality::read_signature(print, bx, by, info.ridge_angle);
      double of = flow(grid, bx, by);
      // Faint ridges also gate the block: below kUsableContrast they drown in
      // compression and quantisation however regular they look.
      double q = (info.certainty + sig.frequency + sig.clarity + sig.uniformity + of + sig.contrast) / 6 *
                 std::min(1.0, sig.contrast / kUsableContrast);
      s.block_quality[std::size_t{by} * grid.cols + bx] = q;
      m.orientation_certainty += info.certainty;
      m.frequency += sig.frequency;
      m.clarity += sig.clarity;
      m.uniformity += sig.uniformity;
      m.flow += of;
      m.contrast += sig.contrast;
      s.local += q;
      ++s.blocks;
    }
  }
  if (s.blocks == 0) return s;
  double n = s.blocks;
  for (double* f : {&m.orientation_certainty, &m.frequency, &m.clarity, &m.uniformity, &m.flow, &m.contrast}) *f /= n;
  s.local /= n;
  return s;
}

int clear_minutiae(const GreyImage& print, const BlockGrid& grid, const LocalScores& local) {
  int count = 0;
  for (const auto& m : quality::find_minutiae(print, grid)) {
    std::uint32_t bx = static_cast<std::uint32_t>(m.x) / kBlock, by = static_cast<std::uint32_t>(m.y) / kBlock;
    if (bx < grid.cols && by < grid.rows && local.block_quality[std::size_t{by} * grid.cols + bx] >= kClearBlock) ++count;
  }
  return count;
}

}  // namespace

hal::Result<QualityReport> assess_quality(const GreyImage& print, Impression impression) {
  if (print.width() < 64 || print.height() < 64 || print.width() > 4096 || print.height() > 4096) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "quality needs a print of 64..4096 px a side, got " + std::to_string(print.width()) + "x" +
                               std::to_string(print.height()));
  }
  BlockGrid grid = quality::build_block_grid(print);
  LocalScores local = score_blocks(print, grid);
  QualityReport report;
  report.features = local.mean;
  report.local = local.local;
  report.blocks = local.blocks;
  report.area = grid.area;
  if (local.blocks == 0) return report;
  report.minutiae = clear_minutiae(print, grid, local);
  Expectation want = expected(impression);
  double area = std::sqrt(std::min(1.0, report.area / want.area));
  double minutiae = std::min(1.0, report.minutiae / want.minutiae);
  report.score = static_cast<int>(std::lround(100 * local.local * area * (0.6 + 0.4 * minutiae)));
  return report;
}

}  // namespace station::biometrics
