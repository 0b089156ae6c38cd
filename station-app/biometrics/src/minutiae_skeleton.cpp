#include "minutiae_skeleton.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace station::biometrics::skeleton {

namespace {

constexpr int kMeanRadius = 8;  // local mean over 17x17: about two ridge periods

int popcount(int code) {
  int n = 0;
  for (; code; code &= code - 1) ++n;
  return n;
}

// Zhang-Suen deletion tables for its two sub-passes, indexed by neighbour code.
struct ThinningTables {
  std::array<bool, 256> first{}, second{};
  ThinningTables() {
    for (int c = 0; c < 256; ++c) {
      auto p = [c](int k) { return c >> (k - 2) & 1; };  // P2..P9
      bool base = popcount(c) >= 2 && popcount(c) <= 6 && transitions(c) == 1;
      first[static_cast<std::size_t>(c)] = base && !(p(2) && p(4) && p(6)) && !(p(4) && p(6) && p(8));
      second[static_cast<std::size_t>(c)] = base && !(p(2) && p(4) && p(8)) && !(p(2) && p(6) && p(8));
    }
  }
};

// Steps along a line from `at`, not back to `previous`; false at an end or fork.
bool step(const Bitmap& lines, Point& at, Point& previous) {
  int options = 0;
  Point next;
  for (int k = 0; k < 8; ++k) {
    int x = at.x + kDx[k], y = at.y + kDy[k];
    if (!lines.at(x, y) || (x == previous.x && y == previous.y)) continue;
    if (std::abs(x - previous.x) <= 1 && std::abs(y - previous.y) <= 1) continue;  // a corner of the same step
    ++options;
    if (options == 1 || (kDx[k] == 0 || kDy[k] == 0)) next = {x, y, false};
  }
  if (options == 0 || transitions(lines.neighbours(at.x, at.y)) > 2) return false;
  previous = at;
  at = next;
  return true;
}

}  // namespace

int Bitmap::neighbours(int x, int y) const {
  const std::uint8_t* up = bits.data() + std::size_t(y) * std::size_t(stride) + std::size_t(x);
  const std::uint8_t* mid = up + stride;
  const std::uint8_t* down = mid + stride;
  return up[1] | up[2] << 1 | mid[2] << 2 | down[2] << 3 | down[1] << 4 | down[0] << 5 | mid[0] << 6 | up[0] << 7;
}

int transitions(int code) {
  int count = 0;
  for (int i = 0; i < 8; ++i) count += !(code >> i & 1) && (code >> ((i + 1) % 8) & 1);
  return count;
}

Bitmap binarise(const GreyImage& print, const quality::BlockGrid& grid) {
  const int w = static_cast<int>(print.width()), h = static_cast<int>(print.height());
  std::vector<std::uint64_t> integral(std::size_t(w + 1) * std::size_t(h + 1), 0);
  auto I = [&](int x, int y) -> std::uint64_t& { return integral[std::size_t(y) * std::size_t(w + 1) + std::size_t(x)]; };
  for (int y = 0; y < h; ++y) {
    std::uint64_t row_sum = 0;
    auto row = print.row(static_cast<std::uint32_t>(y));
    for (int x = 0; x < w; ++x) {
      row_sum += row[static_cast<std::size_t>(x)];
      I(x + 1, y + 1) = I(x + 1, y) + row_sum;
    }
  }
  auto box = [&](int x0, int y0, int x1, int y1) {  // inclusive-exclusive, clamped
    x0 = std::max(0, x0), y0 = std::max(0, y0), x1 = std::min(w, x1), y1 = std::min(h, y1);
    double area = double(x1 - x0) * (y1 - y0);
    return double(I(x1, y1) - I(x0, y1) - I(x1, y0) + I(x0, y0)) / area;
  };
  Bitmap bitmap(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      if (!grid.foreground_at(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y))) continue;
      double smoothed = box(x - 1, y - 1, x + 2, y + 2);
      double local = box(x - kMeanRadius, y - kMeanRadius, x + kMeanRadius + 1, y + kMeanRadius + 1);
      bitmap.at(x, y) = smoothed < local;
    }
  }
  return bitmap;
}

void thin(Bitmap& bitmap) {
  static const ThinningTables tables;
  std::vector<std::pair<int, int>> ridge;
  for (int y = 0; y < bitmap.h; ++y) {
    for (int x = 0; x < bitmap.w; ++x) {
      if (bitmap.at(x, y)) ridge.emplace_back(x, y);
    }
  }
  std::vector<std::pair<int, int>> doomed;
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto* table : {&tables.first, &tables.second}) {
      doomed.clear();
      for (auto [x, y] : ridge) {
        if (bitmap.at(x, y) && (*table)[static_cast<std::size_t>(bitmap.neighbours(x, y))]) doomed.emplace_back(x, y);
      }
      for (auto [x, y] : doomed) bitmap.at(x, y) = 0;
      changed = changed || !doomed.empty();
    }
    std::erase_if(ridge, [&bitmap](auto p) { return !bitmap.at(p.first, p.second); });
  }
}

std::vector<Point> crossing_points(const Bitmap& lines, const std::function<bool(int, int)>& keep) {
  std::vector<Point> found;
  for (int y = 0; y < lines.h; ++y) {
    for (int x = 0; x < lines.w; ++x) {
      if (!lines.at(x, y)) continue;
      int crossings = transitions(lines.neighbours(x, y));
      if ((crossings == 1 || crossings == 3) && keep(x, y)) found.push_back({x, y, crossings == 3});
    }
  }
  return found;
}

std::vector<Point> drop_close_pairs(const std::vector<Point>& found, int separation) {
  std::vector<bool> keep(found.size(), true);
  for (std::size_t i = 0; i < found.size(); ++i) {
    for (std::size_t j = i + 1; j < found.size(); ++j) {
      int dx = found[i].x - found[j].x, dy = found[i].y - found[j].y;
      if (-dy > separation) break;  // sorted by row: the rest are further down
      if (dx * dx + dy * dy < separation * separation) keep[i] = keep[j] = false;
    }
  }
  std::vector<Point> kept;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (keep[i]) kept.push_back(found[i]);
  }
  return kept;
}

std::vector<Point> walk_branches(const Bitmap& lines, Point from, int steps) {
  std::vector<Point> ends;
  int code = lines.neighbours(from.x, from.y);
  for (int k = 0; k < 8; ++k) {
    // A branch starts at each run of line pixels round the point; take the run's first.
    if (!(code >> k & 1) || (code >> ((k + 7) % 8) & 1)) continue;
    Point at{from.x + kDx[k], from.y + kDy[k], false}, previous = from;
    for (int s = 1; s < steps && step(lines, at, previous);) ++s;
    ends.push_back(at);
  }
  return ends;
}

double minutia_direction(const Bitmap& lines, Point at, int steps) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<Point> ends = walk_branches(lines, at, steps);
  auto angle_to = [&](Point p, double sign) { return std::atan2(-sign * (p.y - at.y), sign * (p.x - at.x)); };
  if (!at.fork) return ends.size() == 1 ? angle_to(ends[0], -1) : nan;
  if (ends.size() != 3) return nan;
  // The stem is the branch pointing most away from the other two.
  std::size_t stem = 0;
  double lowest = 1e9;
  for (std::size_t i = 0; i < 3; ++i) {
    double ax = ends[i].x - at.x, ay = ends[i].y - at.y, sum = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      if (j == i) continue;
      double bx = ends[j].x - at.x, by = ends[j].y - at.y;
      sum += (ax * bx + ay * by) / (std::hypot(ax, ay) * std::hypot(bx, by) + 1e-9);
    }
    if (sum < lowest) lowest = sum, stem = i;
  }
  return angle_to(ends[stem], 1);
}

}  // namespace station::biometrics::skeleton
