#include "ridge_signature.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace station::biometrics::quality {

namespace {

constexpr int kAcross = 32;
constexpr int kAlong = 16;
// Signature frequencies (cycles per 32 px) a 500 ppi ridge period can have:
// 2..7 is a period of 16 down to 4.6 px.
constexpr int kLowestRidgeFrequency = 2;
constexpr int kHighestRidgeFrequency = 7;
constexpr double kUniformSpread = 1.0;  // spread of ridge/valley width ratios that counts as wholly uneven
constexpr double kFullContrast = 100;   // grey levels between ridge and valley means that count as full contrast

struct Window {
  std::array<std::array<double, kAlong>, kAcross> pixels{};
  std::array<double, kAcross> signature{};
  std::array<double, kAcross> trend{};  // least-squares line through the signature
};

Window sample(const GreyImage& print, std::uint32_t bx, std::uint32_t by, double ridge_angle) {
  Window w;
  double cx = bx * kBlock + kBlock / 2.0, cy = by * kBlock + kBlock / 2.0;
  double tx = std::cos(ridge_angle), ty = std::sin(ridge_angle);  // along the ridges
  double nx = -ty, ny = tx;                                       // across them
  for (int i = 0; i < kAcross; ++i) {
    double sum = 0;
    for (int j = 0; j < kAlong; ++j) {
      double a = i - kAcross / 2 + 0.5, b = j - kAlong / 2 + 0.5;
      long x = std::lround(cx + a * nx + b * tx), y = std::lround(cy + a * ny + b * ty);
      x = std::clamp(x, 0l, long(print.width()) - 1);
      y = std::clamp(y, 0l, long(print.height()) - 1);
      double v = print.at(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y));
      w.pixels[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = v;
      sum += v;
    }
    w.signature[static_cast<std::size_t>(i)] = sum / kAlong;
  }
  // The trend line absorbs uneven pressure or lighting across the window.
  double si = 0, sv = 0, sii = 0, siv = 0;
  for (int i = 0; i < kAcross; ++i) {
    double v = w.signature[static_cast<std::size_t>(i)];
    si += i;
    sv += v;
    sii += double(i) * i;
    siv += i * v;
  }
  double slope = (kAcross * siv - si * sv) / (kAcross * sii - si * si);
  double intercept = (sv - slope * si) / kAcross;
  for (int i = 0; i < kAcross; ++i) w.trend[static_cast<std::size_t>(i)] = intercept + slope * i;
  return w;
}

// Share of the signature's spectrum in its dominant ridge frequency (with
// a little of its neighbours, which a period between two bins spreads into).
struct Twiddles {
  std::array<std::array<double, kAcross>, kAcross / 2> cos{}, sin{};
  Twiddles() {
    for (std::size_t k = 0; k < kAcross / 2; ++k) {
      for (std::size_t i = 0; i < kAcross; ++i) {
        double phase = 2 * std::numbers::pi * double(k * i) / kAcross;
        cos[k][i] = std::cos(phase);
        sin[k][i] = std::sin(phase);
      }
    }
  }
};

double frequency_domain(const Window& w) {
  static const Twiddles twiddles;
  std::array<double, kAcross / 2> amplitude{};
  double total = 0;
  for (std::size_t k = 1; k < kAcross / 2; ++k) {
    double re = 0, im = 0;
    for (std::size_t i = 0; i < kAcross; ++i) {
      double v = w.signature[i] - w.trend[i];
      re += v * twiddles.cos[k][i];
      im -= v * twiddles.sin[k][i];
    }
    amplitude[k] = std::hypot(re, im);
    total += amplitude[k];
  }
  if (total <= 0) return 0;
  int peak = kLowestRidgeFrequency;
  for (int k = kLowestRidgeFrequency; k <= kHighestRidgeFrequency; ++k) {
    if (amplitude[static_cast<std::size_t>(k)] > amplitude[static_cast<std::size_t>(peak)]) peak = k;
  }
  auto a = [&](int k) { return amplitude[static_cast<std::size_t>(k)]; };
  return std::min(1.0, (a(peak) + 0.3 * (a(peak - 1) + a(peak + 1))) / total);
}

// Widths of the ridge and valley runs across the window, whole runs only.
double uniformity(const std::array<bool, kAcross>& ridge) {
  std::vector<int> runs;
  int length = 1;
  for (int i = 1; i < kAcross; ++i) {
    if (ridge[static_cast<std::size_t>(i)] == ridge[static_cast<std::size_t>(i - 1)]) {
      ++length;
    } else {
      runs.push_back(length);
      length = 1;
    }
  }
  if (runs.size() < 4) return 0;  // fewer than two whole ridge-valley pairs: no ridges to speak of
  // The first and last runs are cut by the window's edges.
  runs.erase(runs.begin());
  runs.pop_back();
  bool first_is_ridge = !ridge[0];
  std::vector<double> ratios;
  for (std::size_t k = 0; k + 1 < runs.size(); k += 2) {
    double r = first_is_ridge ? double(runs[k]) / runs[k + 1] : double(runs[k + 1]) / runs[k];
    ratios.push_back(r);
  }
  if (ratios.size() < 2) return 0;
  double mean = 0, spread = 0;
  for (double r : ratios) mean += r;
  mean /= double(ratios.size());
  for (double r : ratios) spread += (r - mean) * (r - mean);
  spread = std::sqrt(spread / double(ratios.size()));
  return std::clamp(1 - spread / kUniformSpread, 0.0, 1.0);
}

}  // namespace

SignatureFeatures read_signature(const GreyImage& print, std::uint32_t bx, std::uint32_t by, double ridge_angle) {
  Window w = sample(print, bx, by, ridge_angle);
  std::array<bool, kAcross> ridge{};
  for (std::size_t i = 0; i < kAcross; ++i) ridge[i] = w.signature[i] < w.trend[i];
  // Clarity: how many pixels sit on the wrong side of the threshold for
  // the class (ridge or valley) their column belongs to.
  double wrong_in_ridges = 0, wrong_in_valleys = 0, ridge_count = 0, valley_count = 0;
  double ridge_sum = 0, valley_sum = 0;
  for (std::size_t i = 0; i < kAcross; ++i) {
    for (double v : w.pixels[i]) {
      if (ridge[i]) {
        ++ridge_count;
        ridge_sum += v;
        wrong_in_ridges += v >= w.trend[i];
      } else {
        ++valley_count;
        valley_sum += v;
        wrong_in_valleys += v < w.trend[i];
      }
    }
  }
  SignatureFeatures f;
  if (ridge_count == 0 || valley_count == 0) return f;
  // Half the pixels on the wrong side is noise, none is perfect; scaled to 0..1.
  f.clarity = std::clamp(1 - (wrong_in_ridges / ridge_count + wrong_in_valleys / valley_count), 0.0, 1.0);
  f.contrast = std::clamp((valley_sum / valley_count - ridge_sum / ridge_count) / kFullContrast, 0.0, 1.0);
  f.frequency = frequency_domain(w);
  f.uniformity = uniformity(ridge);
  return f;
}

}  // namespace station::biometrics::quality
