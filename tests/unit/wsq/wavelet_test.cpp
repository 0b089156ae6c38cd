// The lifting transform against the spec's definition: direct convolution
// with the 9/7 analysis filters as printed in WSQ 3.1, whole-sample
// symmetric extension, low band on the even samples; and perfect
// reconstruction through the whole 20-split tree.
#include "wsq/wavelet.hpp"

#include <cmath>
#include <random>
#include <vector>

#include "wsq/subbands.hpp"
#include "cmocka.hpp"

namespace {

namespace wsq = station::biometrics::wsq;

// The spec's analysis filters, written out in full.
const double kLow[9] = {0.037828455507, -0.023849465020, -0.110624404418, 0.377402855613, 0.852698679009,
                        0.377402855613, -0.110624404418, -0.023849465020, 0.037828455507};
const double kHigh[7] = {0.064538882629,  -0.040689417609, -0.418092273222, 0.788485616406,
                         -0.418092273222, -0.040689417609, 0.064538882629};

// x[i] for any i under whole-sample symmetric extension.
double extended(const std::vector<double>& x, long i) {
  long n = long(x.size());
  if (n == 1) return x[0];
  long period = 2 * (n - 1);
  i %= period;
  if (i < 0) i += period;
  return x[std::size_t(i >= n ? period - i : i)];
}

// One split of a 1-D signal, bands laid out as the split orders them.
std::vector<double> analyse(const std::vector<double>& x, bool high_first) {
  long n = long(x.size());
  std::vector<double> low, high;
  for (long k = 0; 2 * k < n; ++k) {
    double sum = 0;
    for (int t = 0; t < 9; ++t) sum += kLow[t] * extended(x, 2 * k - 4 + t);
    low.push_back(sum);
  }
  for (long k = 0; 2 * k + 1 < n; ++k) {
    double sum = 0;
    for (int t = 0; t < 7; ++t) sum += kHigh[t] * extended(x, 2 * k + 1 - 3 + t);
    high.push_back(sum);
  }
  std::vector<double> out = high_first ? high : low;
  const auto& second = high_first ? low : high;
  out.insert(out.end(), second.begin(), second.end());
  return out;
}

std::vector<float> random_plane(int width, int height, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> value(-128, 128);
  std::vector<float> plane(std::size_t(width) * height);
  for (auto& v : plane) v = value(rng);
  return plane;
}

// A geometry whose only split is the whole image.
wsq::Geometry single_split(int width, int height, bool high_first_x, bool high_first_y) {
  wsq::Geometry g;
  g.width = width;
  g.height = height;
  g.splits[0] = wsq::Split{wsq::Rect{0, 0, width, height}, high_first_x, high_first_y};
  return g;
}

void check_one_split(int width, int height, bool high_first_x, bool high_first_y) {
  std::vector<float> plane = random_plane(width, height, unsigned(width * 131 + height));
  std::vector<double> expected(plane.begin(), plane.end());
  for (int y = 0; y < height; ++y) {
    std::vector<double> row(expected.begin() + y * width, expected.begin() + (y + 1) * width);
    row = analyse(row, high_first_x);
    std::copy(row.begin(), row.end(), expected.begin() + y * width);
  }
  for (int x = 0; x < width; ++x) {
    std::vector<double> column;
    for (int y = 0; y < height; ++y) column.push_back(expected[std::size_t(y) * width + x]);
    column = analyse(column, high_first_y);
    for (int y = 0; y < height; ++y) expected[std::size_t(y) * width + x] = column[std::size_t(y)];
  }
  wsq::forward_transform(plane.data(), single_split(width, height, high_first_x, high_first_y));
  for (std::size_t i = 0; i < plane.size(); ++i) {
    if (std::fabs(plane[i] - expected[i]) > 2e-3) {
      fail_msg("%dx%d (inverted %d/%d): sample %zu is %f, the filter bank gives %f", width, height, high_first_x,
               high_first_y, i, double(plane[i]), expected[i]);
    }
  }
}

void lifting_matches_the_filter_bank(void**) {
  check_one_split(64, 48, false, false);
  check_one_split(37, 29, false, false);
  check_one_split(37, 29, true, true);
  check_one_split(130, 7, true, false);
  check_one_split(2, 3, false, true);
  check_one_split(5, 1, false, false);
  check_one_split(1, 4, false, false);
}

void inverse_undoes_the_whole_tree(void**) {
  const int sizes[][2] = {{800, 750}, {784, 1133}, {33, 47}, {32, 32}, {17, 5}, {3, 2}, {1, 1}};
  for (const auto& size : sizes) {
    wsq::Geometry g = wsq::subband_geometry(size[0], size[1]);
    std::vector<float> original = random_plane(size[0], size[1], 7);
    std::vector<float> plane = original;
    wsq::forward_transform(plane.data(), g);
    wsq::inverse_transform(plane.data(), g);
    double worst = 0;
    for (std::size_t i = 0; i < plane.size(); ++i) worst = std::max(worst, double(std::fabs(plane[i] - original[i])));
    if (worst > 1e-3) fail_msg("%dx%d: reconstruction off by %g", size[0], size[1], worst);
  }
}

void forward_tree_moves_energy_to_the_low_band(void**) {
  // A constant image has no detail: after all splits everything is in
  // subbands 0-3 (the lowest band), and every other coefficient is zero.
  wsq::Geometry g = wsq::subband_geometry(96, 80);
  std::vector<float> plane(96 * 80, 10.0f);
  wsq::forward_transform(plane.data(), g);
  const wsq::Rect& lowest = g.subbands[0];
  for (int k = 1; k < wsq::kCodedSubbands; ++k) {
    const wsq::Rect& r = g.subbands[k];
    for (int y = r.y; y < r.y + r.height; ++y) {
      for (int x = r.x; x < r.x + r.width; ++x) assert_true(std::fabs(plane[std::size_t(y) * 96 + x]) < 1e-3);
    }
  }
  // Five low-pass steps in each direction, each with a DC gain of sqrt(2).
  assert_true(std::fabs(plane[std::size_t(lowest.y) * 96 + lowest.x] - 10.0f * 32.0f) < 1e-2);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(lifting_matches_the_filter_bank),
      cmocka_unit_test(inverse_undoes_the_whole_tree),
      cmocka_unit_test(forward_tree_moves_energy_to_the_low_band),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
