#include "block_grid.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace station::biometrics::quality {

namespace {

constexpr std::uint32_t kCell = 16;
// A 16x16 cell shows ridges when its grey spread clears sensor noise and its
// gradients agree on a direction: noise alone, however strong, points every way.
constexpr double kForegroundSpread = 12;
constexpr double kForegroundCoherence = 0.25;

// Gradient structure tensor (sums of Sobel products) of an area.
struct Tensor {
  double xx = 0, yy = 0, xy = 0;
  Tensor& operator+=(const Tensor& o) {
    xx += o.xx;
    yy += o.yy;
    xy += o.xy;
    return *this;
  }
  double certainty() const {
    double root = std::sqrt((xx - yy) * (xx - yy) + 4 * xy * xy);
    double major = (xx + yy + root) / 2, minor = (xx + yy - root) / 2;
    return major > 0 ? 1 - minor / major : 0;
  }
  // Gradients point across the ridges; the ridges run at right angles to them.
  double ridge_angle() const {
    double across = 0.5 * std::atan2(2 * xy, xx - yy);
    return std::fmod(across + 1.5 * std::numbers::pi, std::numbers::pi);
  }
};

struct Cell {
  Tensor tensor;
  double spread = 0;
};

Cell measure_cell(const GreyImage& print, std::uint32_t cx, std::uint32_t cy) {
  Cell cell;
  double sum = 0, squares = 0;
  const std::uint32_t last_x = print.width() - 1, last_y = print.height() - 1;
  for (std::uint32_t y = cy * kCell; y < (cy + 1) * kCell; ++y) {
    auto up = print.row(y == 0 ? 0 : y - 1), mid = print.row(y), down = print.row(std::min(y + 1, last_y));
    for (std::uint32_t x = cx * kCell; x < (cx + 1) * kCell; ++x) {
      std::uint32_t l = x == 0 ? 0 : x - 1, r = std::min(x + 1, last_x);
      int gx = (up[r] + 2 * mid[r] + down[r]) - (up[l] + 2 * mid[l] + down[l]);
      int gy = (down[l] + 2 * down[x] + down[r]) - (up[l] + 2 * up[x] + up[r]);
      cell.tensor.xx += double(gx) * gx;
      cell.tensor.yy += double(gy) * gy;
      cell.tensor.xy += double(gx) * gy;
      sum += mid[x];
      squares += double(mid[x]) * mid[x];
    }
  }
  double n = kCell * kCell, mean = sum / n;
  cell.spread = std::sqrt(std::max(0.0, squares / n - mean * mean));
  return cell;
}

}  // namespace

bool BlockGrid::foreground_at(std::uint32_t x, std::uint32_t y) const {
  std::uint32_t cx = x / kCell, cy = y / kCell;
  if (cx >= cell_cols || cy >= cell_rows) return false;
  return foreground[std::size_t{cy} * cell_cols + cx] != 0;
}

bool BlockGrid::surrounds(int x, int y, int margin) const {
  for (int dy = -margin; dy <= margin; dy += margin) {
    for (int dx = -margin; dx <= margin; dx += margin) {
      if (x + dx < 0 || y + dy < 0) return false;
      if (!foreground_at(static_cast<std::uint32_t>(x + dx), static_cast<std::uint32_t>(y + dy))) return false;
    }
  }
  return true;
}

BlockGrid build_block_grid(const GreyImage& print) {
  BlockGrid grid;
  grid.cell_cols = print.width() / kCell;
  grid.cell_rows = print.height() / kCell;
  grid.foreground.assign(std::size_t{grid.cell_cols} * grid.cell_rows, 0);
  std::vector<Tensor> tensors(grid.foreground.size());
  for (std::uint32_t cy = 0; cy < grid.cell_rows; ++cy) {
    for (std::uint32_t cx = 0; cx < grid.cell_cols; ++cx) {
      Cell cell = measure_cell(print, cx, cy);
      std::size_t k = std::size_t{cy} * grid.cell_cols + cx;
      tensors[k] = cell.tensor;
      if (cell.spread > kForegroundSpread && cell.tensor.certainty() > kForegroundCoherence) {
        grid.foreground[k] = 1;
        grid.area += kCell * kCell;
      }
    }
  }
  grid.cols = print.width() / kBlock;
  grid.rows = print.height() / kBlock;
  grid.blocks.resize(std::size_t{grid.cols} * grid.rows);
  for (std::uint32_t by = 0; by < grid.rows; ++by) {
    for (std::uint32_t bx = 0; bx < grid.cols; ++bx) {
      // A block is in the region when at least three of its four cells are.
      int cells = 0;
      Tensor tensor;
      for (std::uint32_t k = 0; k < 4; ++k) {
        std::uint32_t cx = bx * 2 + (k & 1), cy = by * 2 + (k >> 1);
        cells += grid.foreground[std::size_t{cy} * grid.cell_cols + cx];
        tensor += tensors[std::size_t{cy} * grid.cell_cols + cx];
      }
      BlockInfo& info = grid.at(bx, by);
      info.in_roi = cells >= 3;
      info.certainty = tensor.certainty();
      info.ridge_angle = tensor.ridge_angle();
    }
  }
  return grid;
}

}  // namespace station::biometrics::quality
