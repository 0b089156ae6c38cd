// The split tree of WSQ 3.1 as data: each split works on a quadrant of an
// earlier split, and each subband is a quadrant of some split. Quadrants are
// numbered 0 (first in x and y), 1 (second in x), 2 (second in y), 3 (second
// in both). The first part of a split gets ceil(n/2) samples (the low band,
// which sits on the even samples) unless the split puts the high band first.
#include "subbands.hpp"

namespace station::biometrics::wsq {

namespace {

struct SplitShape {
  int parent;    // -1: the whole image
  int quadrant;  // of the parent split
  bool high_first_in_x;
  bool high_first_in_y;
};

constexpr std::array<SplitShape, kSplits> kSplitTree{{
    {-1, 0, false, false},  // 0: the image
    {0, 0, false, false},   // 1
    {0, 1, true, false},    // 2
    {0, 2, false, true},    // 3
    {1, 1, true, false},    // 4
    {1, 2, false, true},    // 5
    {4, 0, false, false},   // 6
    {4, 1, true, false},    // 7
    {4, 2, false, true},    // 8
    {4, 3, true, true},     // 9
    {5, 0, false, false},   // 10
    {5, 1, true, false},    // 11
    {5, 2, false, true},    // 12
    {5, 3, true, true},     // 13
    {1, 0, false, false},   // 14
    {14, 0, false, false},  // 15
    {14, 1, true, false},   // 16
    {14, 2, false, true},   // 17
    {14, 3, true, true},    // 18
    {15, 0, false, false},  // 19
}};

struct SubbandShape {
  int split;
  int quadrant;
};

constexpr std::array<SubbandShape, kCodedSubbands> kSubbandTree{{
    {19, 0}, {19, 1}, {19, 2}, {19, 3}, {15, 1}, {15, 2}, {15, 3},            // 0-6
    {16, 0}, {16, 1}, {16, 2}, {16, 3}, {17, 0}, {17, 1}, {17, 2}, {17, 3},  // 7-14
    {18, 0}, {18, 1}, {18, 2}, {18, 3},                                      // 15-18
    {6, 0},  {6, 1},  {6, 2},  {6, 3},  {7, 0},  {7, 1},  {7, 2},  {7, 3},   // 19-26
    {8, 0},  {8, 1},  {8, 2},  {8, 3},  {9, 0},  {9, 1},  {9, 2},  {9, 3},   // 27-34
    {10, 0}, {10, 1}, {10, 2}, {10, 3}, {11, 0}, {11, 1}, {11, 2}, {11, 3},  // 35-42
    {12, 0}, {12, 1}, {12, 2}, {12, 3}, {13, 0}, {13, 1}, {13, 2}, {13, 3},  // 43-50
    {1, 3},                                                                  // 51
    {2, 0},  {2, 1},  {2, 2},  {2, 3},  {3, 0},  {3, 1},  {3, 2},  {3, 3},   // 52-59
}};

int first_part(int length, bool high_first) { return high_first ? length / 2 : (length + 1) / 2; }

Rect quadrant_of(const Split& split, int quadrant) {
  const Rect& a = split.area;
  int first_x = first_part(a.width, split.high_first_in_x);
  int first_y = first_part(a.height, split.high_first_in_y);
  bool second_x = quadrant & 1;
  bool second_y = quadrant & 2;
  return Rect{a.x + (second_x ? first_x : 0), a.y + (second_y ? first_y : 0),
              second_x ? a.width - first_x : first_x, second_y ? a.height - first_y : first_y};
}

}  // namespace

Geometry subband_geometry(int width, int height) {
  Geometry g;
  g.width = width;
  g.height = height;
  for (int i = 0; i < kSplits; ++i) {
    const SplitShape& shape = kSplitTree[i];
    Rect area = shape.parent < 0 ? Rect{0, 0, width, height} : quadrant_of(g.splits[shape.parent], shape.quadrant);
    g.splits[i] = Split{area, shape.high_first_in_x, shape.high_first_in_y};
  }
  for (int i = 0; i < kCodedSubbands; ++i) {
    g.subbands[i] = quadrant_of(g.splits[kSubbandTree[i].split], kSubbandTree[i].quadrant);
  }
  return g;
}

}  // namespace station::biometrics::wsq
