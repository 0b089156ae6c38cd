// Where WSQ's subbands lie in the transformed image. WSQ splits the image
// 20 times (a "split" is one 2-D wavelet step on a rectangle, leaving four
// quadrants in place); 60 of the resulting 64 subbands are coded, in three
// blocks, each subband's coefficients in row order.
#pragma once

#include <array>
#include <cstdint>

namespace station::biometrics::wsq {

struct Rect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
  int area() const { return width * height; }
};

struct Split {
  Rect area;
  // After a 1-D split the low band comes first, except where the spec
  // inverts the order (a band split again after high-pass filtering), so the
  // subbands stay ordered by frequency.
  bool high_first_in_x = false;
  bool high_first_in_y = false;
};

inline constexpr int kSplits = 20;
inline constexpr int kCodedSubbands = 60;
inline constexpr int kTableSubbands = 64;  // the DQT segment lists 64

// Subbands [first, end) of each of the three coded blocks.
struct BlockRange {
  int first;
  int end;
};
inline constexpr std::array<BlockRange, 3> kBlocks{{{0, 19}, {19, 52}, {52, 60}}};

struct Geometry {
  int width = 0;
  int height = 0;
  std::array<Split, kSplits> splits;  // in the order the encoder applies them
  std::array<Rect, kCodedSubbands> subbands;
};

// Every split and subband of a width x height image (both >= 1).
Geometry subband_geometry(int width, int height);

}  // namespace station::biometrics::wsq
