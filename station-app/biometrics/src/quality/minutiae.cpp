#include "minutiae.hpp"

#include <array>
#include <cstdint>

namespace station::biometrics::quality {

namespace {

constexpr int kMeanRadius = 8;     // local mean over 17x17: about two ridge periods
constexpr int kEdgeMargin = 16;    // px of print required around a minutia
constexpr int kMinSeparation = 8;  // px; closer pairs are artefacts

// Binary image with a one-pixel frame of zeros, so neighbours never go out of bounds.
struct Bitmap {
  int width, height;
  std::vector<std::uint8_t> bits;
  Bitmap(int w, int h) : width(w + 2), height(h + 2), bits(std::size_t(width) * std::size_t(height), 0) {}
  std::uint8_t& at(int x, int y) { return bits[std::size_t(y + 1) * std::size_t(width) + std::size_t(x + 1)]; }
  // P2..P9 (N, NE, E, SE, S, SW, W, NW) as bits 0..7.
  int neighbours(int x, int y) const {
    const std::uint8_t* up = bits.data() + std::size_t(y) * std::size_t(width) + std::size_t(x);
    const std::uint8_t* mid = up + width;
    const std::uint8_t* down = mid + width;
    return up[1] | up[2] << 1 | mid[2] << 2 | down[2] << 3 | down[1] << 4 | down[0] << 5 | mid[0] << 6 | up[0] << 7;
  }
};

int transitions(int code) {
  int count = 0;
  for (int i = 0; i < 8; ++i) count += !(code >> i & 1) && (code >> ((i + 1) % 8) & 1);
  return count;
}

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

Bitmap binarise(const GreyImage& print, const BlockGrid& grid) {
  const int w = static_cast<int>(print.width()), h = static_cast<int>(print.height());
  // Integral image of a 3x3-smoothed print, for the local means.
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

void thin(Bitmap& bitmap, int w, int h) {
  static const ThinningTables tables;
  std::vector<std::pair<int, int>> ridge;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
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

bool well_inside(const BlockGrid& grid, int x, int y) {
  for (int dy = -kEdgeMargin; dy <= kEdgeMargin; dy += kEdgeMargin) {
    for (int dx = -kEdgeMargin; dx <= kEdgeMargin; dx += kEdgeMargin) {
      if (x + dx < 0 || y + dy < 0) return false;
      if (!grid.foreground_at(static_cast<std::uint32_t>(x + dx), static_cast<std::uint32_t>(y + dy))) return false;
    }
  }
  return true;
}

std::vector<Minutia> drop_close_pairs(const std::vector<Minutia>& found) {
  std::vector<bool> keep(found.size(), true);
  for (std::size_t i = 0; i < found.size(); ++i) {
    for (std::size_t j = i + 1; j < found.size(); ++j) {
      int dx = found[i].x - found[j].x, dy = found[i].y - found[j].y;
      if (-dy > kMinSeparation) break;  // sorted by row: the rest are further down
      if (dx * dx + dy * dy < kMinSeparation * kMinSeparation) keep[i] = keep[j] = false;
    }
  }
  std::vector<Minutia> kept;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (keep[i]) kept.push_back(found[i]);
  }
  return kept;
}

}  // namespace

std::vector<Minutia> find_minutiae(const GreyImage& print, const BlockGrid& grid) {
  const int w = static_cast<int>(print.width()), h = static_cast<int>(print.height());
  Bitmap bitmap = binarise(print, grid);
  thin(bitmap, w, h);
  std::vector<Minutia> found;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      if (!bitmap.at(x, y)) continue;
      int crossings = transitions(bitmap.neighbours(x, y));
      if ((crossings == 1 || crossings == 3) && well_inside(grid, x, y)) found.push_back({x, y, crossings == 3});
    }
  }
  return drop_close_pairs(found);
}

}  // namespace station::biometrics::quality
