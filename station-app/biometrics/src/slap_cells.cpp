#include "slap_cells.hpp"

#include <algorithm>
#include <cmath>

namespace station::biometrics::slap {

namespace {

// Ridges at 500 ppi swing the grey by far more than sensor noise (a few
// levels) and a fingertip is darker than the lit glass; black is a covered
// or failed sensor, not skin.
constexpr double kMinContrast = 14;  // standard deviation over the 16 x 16 around a cell
constexpr double kMaxMean = 222;
constexpr double kMinMean = 25;

struct Integral {
  std::uint32_t w, h;
  std::vector<double> sum, squares;
  explicit Integral(const GreyImage& image)
      : w(image.width()), h(image.height()), sum(std::size_t(w + 1) * (h + 1)), squares(sum.size()) {
    for (std::uint32_t y = 0; y < h; ++y) {
      double row = 0, row_sq = 0;
      auto pixels = image.row(y);
      for (std::uint32_t x = 0; x < w; ++x) {
        double v = pixels[x];
        row += v;
        row_sq += v * v;
        sum[idx(x + 1, y + 1)] = sum[idx(x + 1, y)] + row;
        squares[idx(x + 1, y + 1)] = squares[idx(x + 1, y)] + row_sq;
      }
    }
  }
  std::size_t idx(std::uint32_t x, std::uint32_t y) const { return std::size_t{y} * (w + 1) + x; }
  double box(const std::vector<double>& t, std::uint32_t x0, std::uint32_t y0, std::uint32_t x1, std::uint32_t y1) const {
    return t[idx(x1, y1)] - t[idx(x0, y1)] - t[idx(x1, y0)] + t[idx(x0, y0)];
  }
};

// Closing then opening by one cell: fills the odd cell inside a fingertip
// where a wide valley reads flat, and drops lone specks of dirt.
std::vector<std::uint8_t> smooth(const CellMap& map, bool grow) {
  std::vector<std::uint8_t> out(map.ridged.size());
  for (std::uint32_t r = 0; r < map.rows; ++r) {
    for (std::uint32_t c = 0; c < map.cols; ++c) {
      bool any = false, all = true;
      for (std::uint32_t rr = r ? r - 1 : 0; rr <= std::min(r + 1, map.rows - 1); ++rr) {
        for (std::uint32_t cc = c ? c - 1 : 0; cc <= std::min(c + 1, map.cols - 1); ++cc) {
          any = any || map.at(cc, rr);
          all = all && map.at(cc, rr);
        }
      }
      out[std::size_t{r} * map.cols + c] = grow ? any : all;
    }
  }
  return out;
}

}  // namespace

CellMap ridge_cells(const GreyImage& image, ImageTone& tone) {
  Integral integral(image);
  CellMap map;
  map.cols = image.width() / kCell;
  map.rows = image.height() / kCell;
  map.ridged.assign(std::size_t{map.cols} * map.rows, 0);
  std::size_t marked = 0;
  for (std::uint32_t r = 0; r < map.rows; ++r) {
    for (std::uint32_t c = 0; c < map.cols; ++c) {
      std::uint32_t x0 = c * kCell >= 4 ? c * kCell - 4 : 0, y0 = r * kCell >= 4 ? r * kCell - 4 : 0;
      std::uint32_t x1 = std::min(image.width(), c * kCell + kCell + 4), y1 = std::min(image.height(), r * kCell + kCell + 4);
      double n = double(x1 - x0) * (y1 - y0);
      double mean = integral.box(integral.sum, x0, y0, x1, y1) / n;
      double variance = integral.box(integral.squares, x0, y0, x1, y1) / n - mean * mean;
      bool ridged = mean > kMinMean && mean < kMaxMean && variance > kMinContrast * kMinContrast;
      map.ridged[std::size_t{r} * map.cols + c] = ridged;
      marked += ridged;
    }
  }
  tone.mean = integral.box(integral.sum, 0, 0, image.width(), image.height()) / (double(image.width()) * image.height());
  tone.ridged_share = map.ridged.empty() ? 0 : double(marked) / map.ridged.size();
  map.ridged = smooth(map, true);
  map.ridged = smooth(map, false);
  map.ridged = smooth(map, false);
  map.ridged = smooth(map, true);
  return map;
}

std::vector<CellGroup> cell_groups(const CellMap& map) {
  std::vector<std::uint8_t> seen(map.ridged.size(), 0);
  std::vector<CellGroup> groups;
  std::vector<std::uint32_t> stack;
  for (std::uint32_t start = 0; start < map.ridged.size(); ++start) {
    if (!map.ridged[start] || seen[start]) continue;
    CellGroup group;
    stack.assign(1, start);
    seen[start] = 1;
    while (!stack.empty()) {
      std::uint32_t i = stack.back();
      stack.pop_back();
      group.cells.push_back(i);
      std::uint32_t c = i % map.cols, r = i / map.cols;
      for (std::uint32_t rr = r ? r - 1 : 0; rr <= std::min(r + 1, map.rows - 1); ++rr) {
        for (std::uint32_t cc = c ? c - 1 : 0; cc <= std::min(c + 1, map.cols - 1); ++cc) {
          std::uint32_t j = rr * map.cols + cc;
          if (map.ridged[j] && !seen[j]) {
            seen[j] = 1;
            stack.push_back(j);
          }
        }
      }
    }
    groups.push_back(std::move(group));
  }
  std::sort(groups.begin(), groups.end(), [](const CellGroup& a, const CellGroup& b) { return a.cells.size() > b.cells.size(); });
  return groups;
}

}  // namespace station::biometrics::slap
