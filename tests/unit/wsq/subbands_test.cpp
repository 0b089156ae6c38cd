// The subband layout: hand-worked rectangles for an 800x750 image (WSQ 3.1
// figure of the decomposition: the low band gets ceil(n/2) samples unless a
// split is inverted), and for many sizes the 60 coded subbands plus the
// uncoded quarter tile the image exactly.
#include "wsq/subbands.hpp"

#include <vector>
#include "cmocka.hpp"

namespace {

using station::biometrics::wsq::Geometry;
using station::biometrics::wsq::Rect;
using station::biometrics::wsq::subband_geometry;

void expect_rect(const Rect& r, int x, int y, int w, int h) {
  assert_int_equal(r.x, x);
  assert_int_equal(r.y, y);
  assert_int_equal(r.width, w);
  assert_int_equal(r.height, h);
}

void rectangles_of_800x750(void**) {
  Geometry g = subband_geometry(800, 750);
  expect_rect(g.splits[0].area, 0, 0, 800, 750);
  expect_rect(g.splits[1].area, 0, 0, 400, 375);
  expect_rect(g.splits[2].area, 400, 0, 400, 375);
  expect_rect(g.splits[3].area, 0, 375, 400, 375);
  // Split 1 (400x375): x halves 200/200, y halves 188/187.
  expect_rect(g.subbands[51], 200, 188, 200, 187);
  expect_rect(g.splits[14].area, 0, 0, 200, 188);
  expect_rect(g.splits[19].area, 0, 0, 50, 47);
  expect_rect(g.subbands[0], 0, 0, 25, 24);
  expect_rect(g.subbands[3], 25, 24, 25, 23);
  // Split 3 puts its high band first in y: 375 rows split 187 then 188.
  expect_rect(g.subbands[56], 0, 375, 200, 187);
  expect_rect(g.subbands[58], 0, 562, 200, 188);
  // Split 4 (x 200..399, 188 rows) puts its high band first in x.
  expect_rect(g.splits[4].area, 200, 0, 200, 188);
}

void odd_inverted_split_gives_the_smaller_half_first(void**) {
  Geometry g = subband_geometry(801, 751);
  // Split 2 covers x 401..800 (400 wide) and is inverted in x: 200/200.
  expect_rect(g.splits[2].area, 401, 0, 400, 376);
  // Split 4 is inverted in x: 401 -> 201 -> 201 wide quarter, split 100 + 101.
  expect_rect(g.splits[4].area, 201, 0, 200, 188);
  Geometry h = subband_geometry(803, 755);
  // Split 1 is 402x378; split 4 is x 201..401 (201 wide), first part 100.
  expect_rect(h.splits[4].area, 201, 0, 201, 189);
  expect_rect(h.splits[6].area, 201, 0, 100, 95);
  expect_rect(h.splits[7].area, 301, 0, 101, 95);
}

// A second derivation of the layout, following the reference software's
// tree building step by step (its w_tree/q_tree routines): there, only a few
// named splits take the smaller half first when a side is odd. Written
// independently of the table-driven code under test.
struct Oracle {
  Rect w[20];
  Rect q[64];

  static int big(int n) { return (n + 1) / 2; }
  static int small(int n) { return n / 2; }

  // Four quadrants of `r` into w[a..a+3]; `small_x`/`small_y` give the
  // first part the smaller half.
  void quad(Rect* out, const Rect& r, bool small_x, bool small_y) {
    int fx = small_x ? small(r.width) : big(r.width);
    int fy = small_y ? small(r.height) : big(r.height);
    out[0] = {r.x, r.y, fx, fy};
    out[1] = {r.x + fx, r.y, r.width - fx, fy};
    out[2] = {r.x, r.y + fy, fx, r.height - fy};
    out[3] = {r.x + fx, r.y + fy, r.width - fx, r.height - fy};
  }

  // Sixteen subbands of `r` into q[p..p+15]: a 2x2 of 2x2 groups. The
  // second column of groups and the second row of groups put the smaller
  // half first; the group-level split follows `small_x`/`small_y`.
  void sixteen(int p, const Rect& r, bool small_x, bool small_y) {
    Rect groups[4];
    quad(groups, r, small_x, small_y);
    quad(&q[p], groups[0], false, false);
    quad(&q[p + 4], groups[1], true, false);
    quad(&q[p + 8], groups[2], false, true);
    quad(&q[p + 12], groups[3], true, true);
  }

  Oracle(int width, int height) {
    Rect image{0, 0, width, height};
    Rect top[4];
    quad(top, image, false, false);
    w[1] = top[0];
    w[2] = top[1];
    w[3] = top[2];
    Rect second[4];
    quad(second, w[1], false, false);
    w[14] = second[0];
    w[4] = second[1];
    w[5] = second[2];
    Rect inner[4];
    quad(inner, w[14], false, false);
    w[15] = inner[0];
    Rect lowest[4];
    quad(lowest, w[15], false, false);
    w[19] = lowest[0];

    sixteen(3, w[14], false, false);
    sixteen(19, w[4], true, false);
    sixteen(48, image, false, false);
    sixteen(35, w[5], false, true);
    quad(&q[0], w[19], false, false);
  }
};

void layout_matches_the_reference_tree_building(void**) {
  for (int width : {32, 33, 64, 97, 511, 784, 800, 803, 1600}) {
    for (int height : {32, 35, 47, 750, 755, 976, 1133}) {
      Geometry g = subband_geometry(width, height);
      Oracle oracle(width, height);
      for (int k = 0; k < 60; ++k) {
        const Rect& a = g.subbands[k];
        const Rect& b = oracle.q[k];
        if (a.x != b.x || a.y != b.y || a.width != b.width || a.height != b.height) {
          fail_msg("%dx%d subband %d: (%d,%d %dx%d), the reference tree gives (%d,%d %dx%d)", width, height, k, a.x,
                   a.y, a.width, a.height, b.x, b.y, b.width, b.height);
        }
      }
    }
  }
}

void subbands_tile_the_image(void**) {
  const int sizes[][2] = {{800, 750}, {784, 1133}, {512, 512}, {1600, 976}, {33, 47}, {32, 32}, {7, 3}, {1, 1}};
  for (const auto& size : sizes) {
    Geometry g = subband_geometry(size[0], size[1]);
    std::vector<int> cover(static_cast<std::size_t>(size[0] * size[1]), 0);
    auto paint = [&](const Rect& r) {
      for (int y = r.y; y < r.y + r.height; ++y) {
        for (int x = r.x; x < r.x + r.width; ++x) ++cover[std::size_t(y) * size[0] + x];
      }
    };
    for (const Rect& r : g.subbands) paint(r);
    // The quarter left of split 0 that WSQ never codes (subbands 60-63).
    const Rect& whole = g.splits[0].area;
    const Rect& low = g.splits[1].area;
    paint(Rect{low.width, low.height, whole.width - low.width, whole.height - low.height});
    for (std::size_t i = 0; i < cover.size(); ++i) {
      if (cover[i] != 1) fail_msg("%dx%d: pixel %zu covered %d times", size[0], size[1], i, cover[i]);
    }
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(rectangles_of_800x750),
      cmocka_unit_test(odd_inverted_split_gives_the_smaller_half_first),
      cmocka_unit_test(layout_matches_the_reference_tree_building),
      cmocka_unit_test(subbands_tile_the_image),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
