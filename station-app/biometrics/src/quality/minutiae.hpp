// Ridge endings and forks, found the textbook way: binarise against the local
// mean, thin the ridges to one-pixel lines (Zhang-Suen), and read each line
// pixel's crossing number (1: an ending, 3: a fork). Points near the edge of
// the print and pairs closer than a ridge period (spurs, bridges, breaks made
// by noise) are dropped.
#pragma once

#include <vector>

#include "block_grid.hpp"

namespace station::biometrics::quality {

struct Minutia {
  int x = 0;
  int y = 0;
  bool fork = false;
};

std::vector<Minutia> find_minutiae(const GreyImage& print, const BlockGrid& grid);

}  // namespace station::biometrics::quality
