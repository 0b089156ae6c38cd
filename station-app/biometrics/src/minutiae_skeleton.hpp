// Ridges as one-pixel lines: binarising a print (against its local mean, or a
// known relief against a level), thinning (Zhang-Suen), reading each line
// pixel's crossing number (1: the ridge ends, 3: it forks) and walking the
// lines away from a point. Shared by the quality score's minutia count, the
// minutiae extractor and the synthetic finger's true minutiae.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "quality/block_grid.hpp"
#include "station/biometrics/grey_image.hpp"

namespace station::biometrics::skeleton {

// Binary image with a one-pixel frame of zeros, so neighbours never go out of bounds.
struct Bitmap {
  int w, h;  // of the image
  int stride;
  std::vector<std::uint8_t> bits;
  Bitmap(int width, int height)
      : w(width), h(height), stride(width + 2), bits(std::size_t(width + 2) * std::size_t(height + 2), 0) {}
  std::uint8_t& at(int x, int y) { return bits[std::size_t(y + 1) * std::size_t(stride) + std::size_t(x + 1)]; }
  std::uint8_t at(int x, int y) const { return bits[std::size_t(y + 1) * std::size_t(stride) + std::size_t(x + 1)]; }
  // P2..P9 (N, NE, E, SE, S, SW, W, NW) as bits 0..7.
  int neighbours(int x, int y) const;
};

// The offsets of P2..P9, in the order of the neighbour code's bits.
inline constexpr int kDx[8] = {0, 1, 1, 1, 0, -1, -1, -1};
inline constexpr int kDy[8] = {-1, -1, 0, 1, 1, 1, 0, -1};

// 0 -> 1 changes going once round the neighbour code: the crossing number.
int transitions(int code);

// Ridge pixels of a print: darker than the local mean, inside the grid's foreground.
Bitmap binarise(const GreyImage& print, const quality::BlockGrid& grid);
void thin(Bitmap& bitmap);

struct Point {
  int x = 0;
  int y = 0;
  bool fork = false;
};

// Line pixels whose crossing number is 1 or 3 and that `keep` accepts, row by row.
std::vector<Point> crossing_points(const Bitmap& lines, const std::function<bool(int, int)>& keep);
// Drops both points of every pair closer than `separation` (spurs, bridges, breaks).
std::vector<Point> drop_close_pairs(const std::vector<Point>& found, int separation);

// Walks each line leaving `from` for up to `steps` pixels (stopping at a fork
// or an end) and gives where each walk stopped: one for an ending, three for a fork.
std::vector<Point> walk_branches(const Bitmap& lines, Point from, int steps);

// The direction of a minutia, radians counter-clockwise from the image's x
// axis (y grows downwards): for an ending, the way the ridge runs out (from
// the ridge to its end); for a fork, along its stem away from the fork (the
// way the valley between the branches runs out). NaN when the lines are too
// short to tell.
double minutia_direction(const Bitmap& lines, Point at, int steps);

}  // namespace station::biometrics::skeleton
