#include "station/biometrics/slap_segmentation.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "slap_cells.hpp"

namespace station::biometrics {

namespace {

using slap::CellGroup;
using slap::CellMap;
using slap::kCell;

// The smallest fingertip worth naming: a child's little finger pressed
// lightly is still ~150 x 200 px at 500 ppi; smaller groups are dirt,
// latent prints on the glass or the edge of a palm.
constexpr std::size_t kMinTipCells = 400;
// The fingertip (distal phalanx) is up to about 1.6 times as long as it is
// wide; more of the finger below it is not part of the tip.
constexpr double kTipLengthPerWidth = 1.6;

hal::Status check_size(const GreyImage& image, const SegmentationLimits& limits) {
  std::string size = std::to_string(image.width()) + " x " + std::to_string(image.height());
  if (image.empty()) return hal::make_error(hal::ErrorCode::kInvalidArgument, "slap segmentation: the image is empty");
  if (image.width() < limits.min_width || image.height() < limits.min_height) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "slap segmentation: a " + size + " image is too small for a slap (at least " +
                               std::to_string(limits.min_width) + " x " + std::to_string(limits.min_height) + ")");
  }
  if (std::uint64_t{image.width()} * image.height() > limits.max_pixels) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "slap segmentation: a " + size + " image is larger than any slap platen");
  }
  return {};
}

struct Axis {
  double cx = 0, cy = 0;  // centroid, px
  double ux = 0, uy = -1;  // unit vector along the finger, towards its tip (up)
  double half_width = 0;   // px, across the finger
};

PointF cell_centre(const CellMap& map, std::uint32_t i) {
  return {(i % map.cols) * double(kCell) + kCell / 2.0, (i / map.cols) * double(kCell) + kCell / 2.0};
}

Axis finger_axis(const CellMap& map, const std::vector<std::uint32_t>& cells) {
  Axis a;
  for (auto i : cells) {
    PointF p = cell_centre(map, i);
    a.cx += p.x;
    a.cy += p.y;
  }
  a.cx /= double(cells.size());
  a.cy /= double(cells.size());
  double sxx = 0, syy = 0, sxy = 0;
  for (auto i : cells) {
    PointF p = cell_centre(map, i);
    sxx += (p.x - a.cx) * (p.x - a.cx);
    syy += (p.y - a.cy) * (p.y - a.cy);
    sxy += (p.x - a.cx) * (p.y - a.cy);
  }
  double n = double(cells.size());
  double theta = 0.5 * std::atan2(2 * sxy, sxx - syy);  // the major axis, from the x axis
  a.ux = std::cos(theta);
  a.uy = std::sin(theta);
  if (a.uy > 0) a.ux = -a.ux, a.uy = -a.uy;  // point towards the tip, up the image
  // Variance across the axis; a uniform ellipse of half-width w has w^2 / 4.
  double across = (sxx + syy) / n - ((sxx * a.ux * a.ux + syy * a.uy * a.uy + 2 * sxy * a.ux * a.uy) / n);
  a.half_width = 2 * std::sqrt(std::max(0.0, across));
  return a;
}

// The cells of the fingertip: those within one tip length of the group's far end.
std::vector<std::uint32_t> tip_cells(const CellMap& map, const CellGroup& group, const Axis& axis) {
  auto along = [&](std::uint32_t i) {
    PointF p = cell_centre(map, i);
    return (p.x - axis.cx) * axis.ux + (p.y - axis.cy) * axis.uy;
  };
  double far = 0;
  for (auto i : group.cells) far = std::max(far, along(i));
  double length = kTipLengthPerWidth * 2 * axis.half_width;
  std::vector<std::uint32_t> tip;
  for (auto i : group.cells) {
    if (far - along(i) <= length) tip.push_back(i);
  }
  return tip;
}

FingertipSegment describe_tip(const CellMap& map, const CellGroup& group) {
  Axis whole = finger_axis(map, group.cells);
  std::vector<std::uint32_t> cells = tip_cells(map, group, whole);
  Axis tip_axis = finger_axis(map, cells);
  FingertipSegment s;
  s.left = s.top = UINT32_MAX;
  for (auto i : cells) {
    std::uint32_t c = i % map.cols, r = i / map.cols;
    s.left = std::min(s.left, c * kCell);
    s.top = std::min(s.top, r * kCell);
    s.right = std::max(s.right, c * kCell + kCell - 1);
    s.bottom = std::max(s.bottom, r * kCell + kCell - 1);
  }
  s.centre = {tip_axis.cx, tip_axis.cy};
  s.angle = std::atan2(whole.ux, -whole.uy) * 180 / std::numbers::pi;
  return s;
}

// Most of the width of `low` lies under `high`, and all of it below.
bool lies_under(const FingertipSegment& low, const FingertipSegment& high) {
  std::uint32_t from = std::max(low.left, high.left), to = std::min(low.right, high.right);
  if (to <= from) return false;
  return (to - from) * 2 > low.right - low.left && low.centre.y > high.bottom;
}

// In a real slap the crease between the first and second joint often parts
// a finger's contact in two; the lower part (under a tip) is no fingertip.
void drop_lower_joints(std::vector<FingertipSegment>& tips) {
  std::vector<FingertipSegment> kept;
  for (const auto& tip : tips) {
    bool under = std::any_of(tips.begin(), tips.end(), [&](const FingertipSegment& other) { return lies_under(tip, other); });
    if (!under) kept.push_back(tip);
  }
  tips = std::move(kept);
}

std::string nothing_found(const slap::ImageTone& tone) {
  if (tone.mean < 40) return "the image is black: the platen is covered or the sensor failed; clean it and retake";
  if (tone.ridged_share < 0.002) return "the platen is blank: no finger was pressed";
  return "no fingertip found: only small marks show (dirt, a faint touch); clean the glass and retake";
}

std::string count_finding(SlapKind kind, std::size_t found, std::size_t expected) {
  return "found " + std::to_string(found) + (found == 1 ? " fingertip" : " fingertips") + " where a slap of the " +
         std::string(to_string(kind)) + " has " + std::to_string(expected) +
         ": retake, or record the missing finger with a supervisor's approval";
}

}  // namespace

hal::Result<SlapSegmentation> segment_slap(const GreyImage& image, SlapKind kind, const SegmentationLimits& limits) {
  HAL_TRY(check_size(image, limits));
  slap::ImageTone tone;
  CellMap map = slap::ridge_cells(image, tone);
  SlapSegmentation result;
  result.kind = kind;
  for (const CellGroup& group : slap::cell_groups(map)) {
    if (group.cells.size() >= kMinTipCells) result.tips.push_back(describe_tip(map, group));
  }
  drop_lower_joints(result.tips);
  std::sort(result.tips.begin(), result.tips.end(),
            [](const FingertipSegment& a, const FingertipSegment& b) { return a.centre.x < b.centre.x; });
  std::span<const int> positions = slap_positions(kind);
  if (result.tips.empty()) {
    result.finding = nothing_found(tone);
  } else if (result.tips.size() != positions.size()) {
    result.finding = count_finding(kind, result.tips.size(), positions.size());
  } else {
    for (std::size_t i = 0; i < positions.size(); ++i) result.tips[i].position = positions[i];
  }
  return result;
}

}  // namespace station::biometrics
