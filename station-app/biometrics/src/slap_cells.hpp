// A slap seen as 8 x 8 px cells, each marked where ridges show (strong local
// contrast, neither bare glass nor black), and the groups of touching marked
// cells: each group a fingertip candidate.
#pragma once

#include <cstdint>
#include <vector>

#include "station/biometrics/grey_image.hpp"

namespace station::biometrics::slap {

inline constexpr std::uint32_t kCell = 8;

struct CellMap {
  std::uint32_t cols = 0, rows = 0;
  std::vector<std::uint8_t> ridged;  // per cell: 1 where ridges show
  bool at(std::uint32_t c, std::uint32_t r) const { return ridged[std::size_t{r} * cols + c] != 0; }
};

// Also reports how the image looks overall, for the finding when no tip is found.
struct ImageTone {
  double mean = 0;
  double ridged_share = 0;  // of the cells
};

CellMap ridge_cells(const GreyImage& image, ImageTone& tone);

struct CellGroup {
  std::vector<std::uint32_t> cells;  // indices into the map
};

// 8-connected groups of ridged cells, largest first.
std::vector<CellGroup> cell_groups(const CellMap& map);

}  // namespace station::biometrics::slap
