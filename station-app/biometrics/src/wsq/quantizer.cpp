#include "quantizer.hpp"

#include <algorithm>
#include <cmath>

#include "scaled_number.hpp"

namespace station::biometrics::wsq {

namespace {

// Subbands whose variance is below this carry no information worth bits.
constexpr double kVarianceThreshold = 1.01;
// The spec's relative weights of the eight outermost subbands.
constexpr std::array<double, 8> kOuterWeights{1.32, 1.08, 1.42, 1.08, 1.32, 1.42, 1.08, 1.08};
constexpr double kZeroBinRatio = 1.2;

double weight(int subband) { return subband < 52 ? 1.0 : kOuterWeights[subband - 52]; }

// The fraction of the image's area each subband covers (1/m in the spec).
double area_fraction(int subband) {
  if (subband < 4) return 1.0 / 1024;
  if (subband < 51) return 1.0 / 256;
  return 1.0 / 16;
}

double representable(double value) { return to_scaled(value, kScaled16).value(); }

// q, the constant relating each bin width to its subband's relative weight,
// for the subbands still in `active`.
double proportionality(const std::array<double, kCodedSubbands>& relative,
                       const std::array<double, kCodedSubbands>& sigma, const std::vector<int>& active,
                       double bitrate) {
  double fraction = 0;
  for (int k : active) fraction += area_fraction(k);
  double log_product = 0;
  for (int k : active) log_product += area_fraction(k) * std::log(sigma[k] / relative[k]);
  return std::pow(2.0, bitrate / fraction - 1.0) / 2.5 / std::exp(log_product / fraction);
}

// Zero inside the dead zone [-Z/2, Z/2], else floor((|a| - Z/2) / Q) + 1
// with a's sign. Written without branches so it vectorizes: in the dead
// zone (|a| - Z/2) / Q + 1 >= 1 - Z/2Q > 0, so truncation never overflows.
void quantize_row(const float* __restrict in, std::int16_t* __restrict out, int count, float inverse_bin,
                  float half_zero) {
  for (int x = 0; x < count; ++x) {
    float magnitude = std::fabs(in[x]);
    int level = int(std::min((magnitude - half_zero) * inverse_bin + 1.0f, 32767.0f));
    level *= int(magnitude > half_zero);
    out[x] = static_cast<std::int16_t>(in[x] < 0 ? -level : level);
  }
}

// The spec's reconstruction: (p - C)Q + Z/2 for p > 0, (p + C)Q - Z/2 for
// p < 0, 0 for 0; `sign` (-1, 0, 1) folds the three cases into one formula.
void dequantize_row(const std::int16_t* __restrict in, float* __restrict out, int count, float bin, float center,
                    float half_zero) {
  for (int x = 0; x < count; ++x) {
    int level = in[x];
    auto sign = float((level > 0) - (level < 0));
    out[x] = bin * (float(level) - sign * center) + sign * half_zero;
  }
}

// The spec skips the borders, where the symmetric extension and the finger's
// edge distort the statistics; in a tiny image that window may be empty, and
// then the whole subband is used.
Rect central_window(const Rect& r) {
  Rect window{r.x + r.width / 8, r.y + 9 * r.height / 32, 3 * r.width / 4, 7 * r.height / 16};
  return window.area() >= 2 ? window : r;
}

double variance_over(const float* plane, const Geometry& geometry, const Rect& r) {
  if (r.area() == 0) return 0;
  double sum = 0, squares = 0;
  for (int y = r.y; y < r.y + r.height; ++y) {
    const float* row = plane + std::ptrdiff_t(y) * geometry.width + r.x;
    for (int x = 0; x < r.width; ++x) {
      sum += row[x];
      squares += double(row[x]) * row[x];
    }
  }
  double n = r.area();
  // A single coefficient has no spread of its own: take its energy.
  return n > 1 ? (squares - sum * sum / n) / (n - 1) : squares;
}

// Below this summed variance of the four lowest subbands the image is too
// faint for the central windows to be representative, and NIST's reference
// encoder measures every subband whole; so does this one, so that a file's
// bins match the reference's.
constexpr double kFaintImageVariance = 20000;

}  // namespace

std::array<double, kCodedSubbands> subband_variances(const float* plane, const Geometry& geometry) {
  std::array<double, kCodedSubbands> variances{};
  double lowest = 0;
  for (int k = 0; k < 4; ++k) lowest += variances[k] = variance_over(plane, geometry, central_window(geometry.subbands[k]));
  bool faint = lowest < kFaintImageVariance;
  for (int k = faint ? 0 : 4; k < kCodedSubbands; ++k) {
    const Rect& r = geometry.subbands[k];
    variances[k] = variance_over(plane, geometry, faint ? r : central_window(r));
  }
  return variances;
}

QuantTable allocate_bins(const std::array<double, kCodedSubbands>& variances, double bitrate) {
  std::array<double, kCodedSubbands> relative{};  // Q_k / q
  std::array<double, kCodedSubbands> sigma{};
  std::vector<int> active;
  for (int k = 0; k < kCodedSubbands; ++k) {
    if (variances[k] < kVarianceThreshold) continue;
    relative[k] = k < 4 ? 1.0 : 10.0 / (weight(k) * std::log(variances[k]));
    sigma[k] = std::sqrt(variances[k]);
    active.push_back(k);
  }
  std::vector<int> initial = active;
  double q = 1;
  // A subband whose bin would be wider than its spread gets no bits; drop
  // those and share the bitrate among the rest until none is dropped.
  while (!active.empty()) {
    q = proportionality(relative, sigma, active, bitrate);
    auto kept = std::remove_if(active.begin(), active.end(), [&](int k) { return relative[k] / q >= 5.0 * sigma[k]; });
    if (kept == active.end()) break;
    active.erase(kept, active.end());
  }
  QuantTable table;
  for (int k : initial) {
    table.bin[k] = representable(relative[k] / q);
    table.zero_bin[k] = representable(kZeroBinRatio * table.bin[k]);
  }
  return table;
}

std::vector<std::int16_t> quantize_block(const float* plane, const Geometry& geometry, const QuantTable& table,
                                         int block) {
  std::size_t total = 0;
  for (int k = kBlocks[block].first; k < kBlocks[block].end; ++k) {
    if (table.coded(k)) total += std::size_t(geometry.subbands[k].area());
  }
  std::vector<std::int16_t> out(total);
  std::int16_t* next = out.data();
  for (int k = kBlocks[block].first; k < kBlocks[block].end; ++k) {
    if (!table.coded(k)) continue;
    const Rect& r = geometry.subbands[k];
    auto inverse_bin = static_cast<float>(1.0 / table.bin[k]);
    auto half_zero = static_cast<float>(table.zero_bin[k] / 2);
    for (int y = r.y; y < r.y + r.height; ++y) {
      const float* row = plane + std::ptrdiff_t(y) * geometry.width + r.x;
      quantize_row(row, next, r.width, inverse_bin, half_zero);
      next += r.width;
    }
  }
  return out;
}

std::size_t coded_coefficient_count(const Geometry& geometry, const QuantTable& table) {
  std::size_t count = 0;
  for (int k = 0; k < kCodedSubbands; ++k) {
    if (table.coded(k)) count += std::size_t(geometry.subbands[k].area());
  }
  return count;
}

void dequantize(const std::int16_t* coefficients, const Geometry& geometry, const QuantTable& table, float* plane) {
  auto center = static_cast<float>(table.bin_center);
  for (int k = 0; k < kCodedSubbands; ++k) {
    if (!table.coded(k)) continue;
    const Rect& r = geometry.subbands[k];
    auto bin = static_cast<float>(table.bin[k]);
    auto half_zero = static_cast<float>(table.zero_bin[k] / 2);
    for (int y = r.y; y < r.y + r.height; ++y) {
      float* row = plane + std::ptrdiff_t(y) * geometry.width + r.x;
      dequantize_row(coefficients, row, r.width, bin, center, half_zero);
      coefficients += r.width;
    }
  }
}

}  // namespace station::biometrics::wsq
