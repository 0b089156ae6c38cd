// The print cut into 32x32 blocks (16 px ~ a ridge pair and a half either side
// of the centre at 500 ppi), each with its region-of-interest flag and its
// dominant ridge orientation from the gradient structure tensor.
#pragma once

#include <cstdint>
#include <vector>

#include "station/biometrics/grey_image.hpp"

namespace station::biometrics::quality {

inline constexpr std::uint32_t kBlock = 32;

struct BlockInfo {
  bool in_roi = false;
  double ridge_angle = 0;  // direction of the ridges, radians mod pi
  double certainty = 0;    // orientation certainty level: 1 - minor/major eigenvalue
};

struct BlockGrid {
  std::uint32_t cols = 0;
  std::uint32_t rows = 0;
  std::vector<BlockInfo> blocks;
  std::vector<std::uint8_t> foreground;  // per 16x16 cell: 1 where the print shows ridges
  std::uint32_t cell_cols = 0;
  std::uint32_t cell_rows = 0;
  double area = 0;  // px^2 of foreground cells

  BlockInfo& at(std::uint32_t c, std::uint32_t r) { return blocks[std::size_t{r} * cols + c]; }
  const BlockInfo& at(std::uint32_t c, std::uint32_t r) const { return blocks[std::size_t{r} * cols + c]; }
  bool foreground_at(std::uint32_t x, std::uint32_t y) const;
  // Foreground at (x, y) and `margin` px away in the eight directions: well
  // inside the print, where a ridge ending is not just the print's edge.
  bool surrounds(int x, int y, int margin) const;
};

BlockGrid build_block_grid(const GreyImage& print);

}  // namespace station::biometrics::quality
