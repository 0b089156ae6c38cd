#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numbers>
#include <string>
#include <utility>

#include "match_pair_table.hpp"
#include "station/biometrics/matcher.hpp"

namespace station::biometrics {

namespace {

using matching::Association;
using std::numbers::pi;

constexpr std::size_t kMaxMinutiae = 150;  // per print, the clearest kept: bounds the pair tables
constexpr int kRotationBins = 36;          // 10 degrees each
constexpr int kRotationCandidates = 3;
constexpr double kShiftCell = 20;          // px
constexpr double kPairDistance = 14;       // px between minutiae that lie on each other
constexpr double kPairAngle = 30 * pi / 180;

// Thresholds measured by tests/bench/slap_match_bench.cpp on 790 synthetic
// impostor pairs (MATCHING.md has the figures and how to measure them again):
// the 99th percentile, just above the highest seen, and an extrapolation.
constexpr std::array<std::pair<double, double>, 3> kThresholds{{{1e-2, 12.5}, {1e-3, 15.0}, {1e-4, 17.0}}};

struct Transform {
  double rotation = 0, dx = 0, dy = 0;
  Minutia apply(const Minutia& m) const {
    double c = std::cos(rotation), s = std::sin(rotation);
    Minutia out = m;
    double x = m.x * c + m.y * s + dx, y = -m.x * s + m.y * c + dy;
    out.x = static_cast<int>(std::lround(x));
    out.y = static_cast<int>(std::lround(y));
    out.angle = std::fmod(m.angle + rotation + 4 * pi, 2 * pi);
    return out;
  }
};

std::vector<Minutia> clearest(std::vector<Minutia> m) {
  if (m.size() <= kMaxMinutiae) return m;
  std::stable_sort(m.begin(), m.end(), [](const Minutia& a, const Minutia& b) { return a.quality > b.quality; });
  m.resize(kMaxMinutiae);
  return m;
}

int rotation_bin(double r) {
  int bin = static_cast<int>(std::floor((r + pi) / (2 * pi) * kRotationBins));
  return (bin % kRotationBins + kRotationBins) % kRotationBins;
}

// The centres of the most-voted rotation windows (a bin and its two neighbours).
std::vector<int> rotation_peaks(const std::vector<Association>& found) {
  std::array<int, kRotationBins> votes{};
  for (const auto& a : found) ++votes[static_cast<std::size_t>(rotation_bin(a.rotation))];
  std::vector<std::pair<int, int>> windows;
  for (int b = 0; b < kRotationBins; ++b) {
    int sum = 0;
    for (int d = -1; d <= 1; ++d) sum += votes[static_cast<std::size_t>((b + d + kRotationBins) % kRotationBins)];
    windows.emplace_back(sum, b);
  }
  std::sort(windows.rbegin(), windows.rend());
  std::vector<int> peaks;
  for (int i = 0; i < kRotationCandidates && i < kRotationBins; ++i) peaks.push_back(windows[static_cast<std::size_t>(i)].second);
  return peaks;
}

bool in_window(double rotation, int centre) {
  int d = std::abs(rotation_bin(rotation) - centre);
  return std::min(d, kRotationBins - d) <= 1;
}

double mean_angle(const std::vector<double>& angles) {
  double s = 0, c = 0;
  for (double a : angles) s += std::sin(a), c += std::cos(a);
  return std::atan2(s, c);
}

// The shift most associations of one rotation window agree on.
Transform consensus(const std::vector<Association>& found, int centre, const std::vector<Minutia>& probe,
                    const std::vector<Minutia>& ref) {
  std::vector<double> angles;
  for (const auto& a : found) {
    if (in_window(a.rotation, centre)) angles.push_back(a.rotation);
  }
  Transform t{mean_angle(angles), 0, 0};
  std::map<std::pair<int, int>, std::pair<int, std::pair<double, double>>> cells;
  for (const auto& a : found) {
    if (!in_window(a.rotation, centre)) continue;
    Minutia moved = t.apply(probe[a.probe_from]);
    double sx = ref[a.ref_from].x - moved.x, sy = ref[a.ref_from].y - moved.y;
    auto& cell = cells[{static_cast<int>(std::floor(sx / kShiftCell)), static_cast<int>(std::floor(sy / kShiftCell))}];
    ++cell.first;
    cell.second.first += sx;
    cell.second.second += sy;
  }
  int best = 0;
  for (const auto& [key, cell] : cells) {
    if (cell.first > best) {
      best = cell.first;
      t.dx = cell.second.first / cell.first;
      t.dy = cell.second.second / cell.first;
    }
  }
  return t;
}

double angle_between(double a, double b) {
  double d = std::fmod(std::abs(a - b), 2 * pi);
  return std::min(d, 2 * pi - d);
}

// Minutiae of the moved probe lying on a reference minutia, one to one (closest first).
std::size_t count_pairs(const std::vector<Minutia>& moved, const std::vector<Minutia>& ref) {
  std::vector<std::pair<double, std::pair<std::size_t, std::size_t>>> close;
  for (std::size_t i = 0; i < moved.size(); ++i) {
    for (std::size_t j = 0; j < ref.size(); ++j) {
      double d = std::hypot(moved[i].x - ref[j].x, moved[i].y - ref[j].y);
      if (d <= kPairDistance && angle_between(moved[i].angle, ref[j].angle) <= kPairAngle) close.push_back({d, {i, j}});
    }
  }
  std::sort(close.begin(), close.end());
  std::vector<bool> used_probe(moved.size()), used_ref(ref.size());
  std::size_t n = 0;
  for (const auto& [d, ij] : close) {
    if (used_probe[ij.first] || used_ref[ij.second]) continue;
    used_probe[ij.first] = used_ref[ij.second] = true;
    ++n;
  }
  return n;
}

// How many of `points` lie within the box around `area` (grown by a pair distance).
std::size_t inside_box(const std::vector<Minutia>& points, const std::vector<Minutia>& area) {
  int x0 = area[0].x, x1 = x0, y0 = area[0].y, y1 = y0;
  for (const auto& m : area) x0 = std::min(x0, m.x), x1 = std::max(x1, m.x), y0 = std::min(y0, m.y), y1 = std::max(y1, m.y);
  auto margin = static_cast<int>(kPairDistance);
  return static_cast<std::size_t>(std::count_if(points.begin(), points.end(), [&](const Minutia& m) {
    return m.x >= x0 - margin && m.x <= x1 + margin && m.y >= y0 - margin && m.y <= y1 + margin;
  }));
}

MatchResult score(const Transform& t, const std::vector<Minutia>& probe, const std::vector<Minutia>& ref) {
  std::vector<Minutia> moved;
  for (const auto& m : probe) moved.push_back(t.apply(m));
  MatchResult r;
  r.rotation = t.rotation;
  r.dx = t.dx;
  r.dy = t.dy;
  r.paired = count_pairs(moved, ref);
  double shared_probe = std::max<std::size_t>(inside_box(moved, ref), 1);
  double shared_ref = std::max<std::size_t>(inside_box(ref, moved), 1);
  r.score = std::min(100.0, 100.0 * double(r.paired) * double(r.paired) / (shared_probe * shared_ref));
  return r;
}

}  // namespace

hal::Result<double> threshold_for(double false_match_rate) {
  for (const auto& [rate, threshold] : kThresholds) {
    if (std::abs(false_match_rate - rate) <= rate * 1e-6) return threshold;
  }
  return hal::make_error(hal::ErrorCode::kInvalidArgument,
                         "matcher: no threshold is measured for a false-match rate of " + std::to_string(false_match_rate) +
                             " (use 0.01, 0.001 or 0.0001)");
}

hal::Result<MatchResult> match(const std::vector<Minutia>& probe_in, const std::vector<Minutia>& ref_in,
                               const MatchConfig& config) {
  auto threshold = threshold_for(config.false_match_rate);
  if (!threshold) return threshold.error();
  MatchResult best;
  best.threshold = *threshold;
  if (probe_in.size() < 4 || ref_in.size() < 4) return best;
  std::vector<Minutia> probe = clearest(probe_in), ref = clearest(ref_in);
  auto found = matching::associate(matching::pair_table(probe), matching::pair_table(ref));
  if (found.empty()) return best;
  for (int centre : rotation_peaks(found)) {
    MatchResult r = score(consensus(found, centre, probe, ref), probe, ref);
    if (r.score > best.score) best = r;
  }
  best.threshold = *threshold;
  best.same_finger = best.score >= best.threshold;
  return best;
}

}  // namespace station::biometrics
