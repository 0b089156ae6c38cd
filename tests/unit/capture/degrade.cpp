#include "degrade.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

namespace capture_test {

using station::biometrics::GreyImage;

namespace {

constexpr double kBlurSigma[kLevels] = {0, 1.2, 1.8, 2.4, 3.0};      // px
constexpr double kNoiseSigma[kLevels] = {0, 12, 24, 38, 55};          // grey levels
constexpr double kContrastKept[kLevels] = {1, 0.55, 0.3, 0.18, 0.1};  // share of ridge depth left
constexpr double kDryShare[kLevels] = {0, 0.2, 0.35, 0.5, 0.65};      // skin that lost contact
constexpr double kPartialKept[kLevels] = {1, 0.75, 0.55, 0.4, 0.25};  // share of the print's height that touched
constexpr double kSensorNoise = 3;  // grey levels, the synthetic scanner's own

std::uint8_t grey(double v) { return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0l, 255l)); }

GreyImage blur(const GreyImage& in, double sigma) {
  if (sigma <= 0) return in;
  int radius = static_cast<int>(std::ceil(3 * sigma));
  std::vector<double> kernel(static_cast<std::size_t>(2 * radius + 1));
  for (int i = -radius; i <= radius; ++i) kernel[static_cast<std::size_t>(i + radius)] = std::exp(-i * i / (2 * sigma * sigma));
  double total = std::accumulate(kernel.begin(), kernel.end(), 0.0);
  for (double& k : kernel) k /= total;
  const int w = static_cast<int>(in.width()), h = static_cast<int>(in.height());
  std::vector<double> pass(std::size_t(w) * std::size_t(h));
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      double sum = 0;
      for (int i = -radius; i <= radius; ++i) {
        sum += kernel[static_cast<std::size_t>(i + radius)] * in.at(static_cast<std::uint32_t>(std::clamp(x + i, 0, w - 1)), static_cast<std::uint32_t>(y));
      }
      pass[std::size_t(y) * std::size_t(w) + std::size_t(x)] = sum;
    }
  }
  GreyImage out(in.width(), in.height());
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      double sum = 0;
      for (int i = -radius; i <= radius; ++i) {
        sum += kernel[static_cast<std::size_t>(i + radius)] * pass[std::size_t(std::clamp(y + i, 0, h - 1)) * std::size_t(w) + std::size_t(x)];
      }
      out.at(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)) = grey(sum);
    }
  }
  return out;
}

GreyImage noise(const GreyImage& in, double sigma, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal(0, sigma);
  GreyImage out = in;
  for (std::size_t i = 0; i < out.size(); ++i) out.data()[i] = grey(in.pixels()[i] + (sigma > 0 ? normal(random) : 0));
  return out;
}

GreyImage fade(const GreyImage& in, double paper, const std::vector<double>& kept) {
  GreyImage out = in;
  for (std::size_t i = 0; i < out.size(); ++i) out.data()[i] = grey(paper + (in.pixels()[i] - paper) * kept[i]);
  return out;
}

// Blotches a ridge period or two across, from a coarse random grid.
std::vector<double> blotches(std::uint32_t w, std::uint32_t h, std::uint64_t seed) {
  constexpr std::uint32_t grid = 10;
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::uint32_t gw = w / grid + 2, gh = h / grid + 2;
  std::vector<double> knots(std::size_t{gw} * gh);
  for (double& k : knots) k = uniform(random);
  std::vector<double> field(std::size_t{w} * h);
  for (std::uint32_t y = 0; y < h; ++y) {
    for (std::uint32_t x = 0; x < w; ++x) {
      double gx = double(x) / grid, gy = double(y) / grid;
      auto x0 = static_cast<std::uint32_t>(gx), y0 = static_cast<std::uint32_t>(gy);
      double fx = gx - x0, fy = gy - y0;
      auto k = [&](std::uint32_t i, std::uint32_t j) { return knots[std::size_t{j} * gw + i]; };
      field[std::size_t{y} * w + x] = (k(x0, y0) * (1 - fx) + k(x0 + 1, y0) * fx) * (1 - fy) +
                                      (k(x0, y0 + 1) * (1 - fx) + k(x0 + 1, y0 + 1) * fx) * fy;
    }
  }
  return field;
}

GreyImage dry(const GreyImage& in, double share, double paper, std::uint64_t seed) {
  if (share <= 0) return in;
  auto field = blotches(in.width(), in.height(), seed);
  // Threshold the field at its `share` quantile, so that share of the skin fades out.
  std::vector<double> sorted = field;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(share * double(sorted.size())), sorted.end());
  double cut = sorted[static_cast<std::size_t>(share * double(sorted.size()))];
  std::vector<double> kept(field.size());
  for (std::size_t i = 0; i < field.size(); ++i) kept[i] = std::clamp((field[i] - cut) / 0.06, 0.0, 1.0) * 0.85 + 0.05;
  return fade(in, paper, kept);
}

// Only the top of the print touched: rows below a cut fade to the paper.
GreyImage partial(const GreyImage& in, double kept_share, double paper) {
  if (kept_share >= 1) return in;
  std::uint32_t top = in.height(), bottom = 0;
  for (std::uint32_t y = 0; y < in.height(); ++y) {
    for (std::uint32_t x = 0; x < in.width(); ++x) {
      if (std::abs(in.at(x, y) - paper) > 40) {
        top = std::min(top, y);
        bottom = std::max(bottom, y);
      }
    }
  }
  double cut = top + kept_share * (double(bottom) - top);
  std::vector<double> kept(in.size());
  for (std::uint32_t y = 0; y < in.height(); ++y) {
    for (std::uint32_t x = 0; x < in.width(); ++x) kept[std::size_t{y} * in.width() + x] = y < cut ? 1.0 : 0.0;
  }
  return fade(in, paper, kept);
}

std::vector<double> ranks(const double* v, std::size_t n) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [v](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && v[order[j + 1]] == v[order[i]]) ++j;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = (double(i) + double(j)) / 2;
    i = j + 1;
  }
  return r;
}

// The harm done to the finger's print, before the scanner sees it.
GreyImage damage(const GreyImage& print, Degradation d, int level, double paper, std::uint64_t seed) {
  switch (d) {
    case Degradation::kBlur:
      return blur(print, kBlurSigma[level]);
    case Degradation::kNoise:
      return noise(print, kNoiseSigma[level], seed);
    case Degradation::kContrast:
      return fade(print, paper, std::vector<double>(print.size(), kContrastKept[level]));
    case Degradation::kDryness:
      return dry(print, kDryShare[level], paper, seed);
    case Degradation::kPartial:
      return partial(print, kPartialKept[level], paper);
  }
  return print;
}

}  // namespace

std::string_view name(Degradation d) {
  switch (d) {
    case Degradation::kBlur:
      return "blur";
    case Degradation::kNoise:
      return "noise";
    case Degradation::kContrast:
      return "contrast loss";
    case Degradation::kDryness:
      return "dryness";
    case Degradation::kPartial:
      return "partial contact";
  }
  return "?";
}

// Every degraded print is then scanned: a real sensor adds its own noise, so
// faint or blurred ridges compete with it as they would on a scanner.
GreyImage degrade(const GreyImage& print, Degradation d, int level, double paper, std::uint64_t seed) {
  return noise(damage(print, d, level, paper, seed), kSensorNoise, seed + 1);
}

double spearman(const double* a, const double* b, std::size_t n) {
  auto ra = ranks(a, n), rb = ranks(b, n);
  double ma = std::accumulate(ra.begin(), ra.end(), 0.0) / double(n), mb = std::accumulate(rb.begin(), rb.end(), 0.0) / double(n);
  double cov = 0, va = 0, vb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    cov += (ra[i] - ma) * (rb[i] - mb);
    va += (ra[i] - ma) * (ra[i] - ma);
    vb += (rb[i] - mb) * (rb[i] - mb);
  }
  return va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : 0;
}

}  // namespace capture_test
