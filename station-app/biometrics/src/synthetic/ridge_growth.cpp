#include "ridge_growth.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

namespace station::biometrics::synthetic {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr int kRadius = 7;
constexpr int kSide = 2 * kRadius + 1;
constexpr int kTaps = kSide * kSide;
// Directions and periods are quantised so every kernel is made once; 32
// directions (5.6 degrees apart) and half-pixel periods are finer than a
// 13-pixel kernel can tell apart.
constexpr int kDirections = 32;
constexpr double kPeriodLow = 6.0;
constexpr double kPeriodStep = 0.5;
constexpr int kPeriods = 13;  // 6.0 .. 12.0
constexpr std::uint16_t kIdle = 0xFFFF;

// Zero-mean even Gabor kernels, one per (direction, period).
class KernelBank {
 public:
  KernelBank() : taps_(std::size_t{kDirections} * kPeriods * kTaps) {
    for (int d = 0; d < kDirections; ++d) {
      for (int p = 0; p < kPeriods; ++p) fill(d, p);
    }
  }
  const float* kernel(std::uint16_t id) const { return taps_.data() + std::size_t{id} * kTaps; }
  static std::uint16_t id(double angle, double period) {
    double turns = angle / kPi;
    int d = static_cast<int>(std::lround((turns - std::floor(turns)) * kDirections)) % kDirections;
    int p = std::clamp(static_cast<int>(std::lround((period - kPeriodLow) / kPeriodStep)), 0, kPeriods - 1);
    return static_cast<std::uint16_t>(d * kPeriods + p);
  }

 private:
  void fill(int d, int p) {
    double ridge = kPi * d / kDirections;
    double period = kPeriodLow + kPeriodStep * p;
    double sigma = 0.36 * period;
    // The filter oscillates across the ridges, i.e. along the normal.
    double nx = -std::sin(ridge), ny = std::cos(ridge);
    float* k = taps_.data() + (std::size_t{static_cast<std::size_t>(d)} * kPeriods + p) * kTaps;
    double sum = 0, envelope_sum = 0;
    std::vector<double> envelope(kTaps);
    for (int y = -kRadius; y <= kRadius; ++y) {
      for (int x = -kRadius; x <= kRadius; ++x) {
        int i = (y + kRadius) * kSide + x + kRadius;
        envelope[i] = std::exp(-(x * x + y * y) / (2 * sigma * sigma));
        k[i] = static_cast<float>(envelope[i] * std::cos(2 * kPi * (x * nx + y * ny) / period));
        sum += k[i];
        envelope_sum += envelope[i];
      }
    }
    // Remove the DC part so flat areas give nothing.
    for (int i = 0; i < kTaps; ++i) k[i] -= static_cast<float>(envelope[i] * sum / envelope_sum);
  }

  std::vector<float> taps_;
};

const KernelBank& kernels() {
  static const KernelBank bank;
  return bank;
}

// Pixels are filtered in chunks held in registers across all the taps.
constexpr std::uint32_t kChunk = 16;  // four lanes of four

// Buffers carry a kRadius border of zeros so the kernel never needs a bounds
// check, and a chunk of slack at the end so the last chunk may read past it.
struct Padded {
  std::uint32_t stride;
  std::vector<float> data;
  Padded(std::uint32_t width, std::uint32_t height)
      : stride(width + 2 * kRadius), data(std::size_t{stride} * (height + 2 * kRadius) + kChunk, 0.0f) {}
  float* row(std::uint32_t y) { return data.data() + std::size_t{y + kRadius} * stride + kRadius; }
  const float* row(std::uint32_t y) const { return data.data() + std::size_t{y + kRadius} * stride + kRadius; }
};

// Taps beyond the disk of radius kRadius + 0.5 carry under 5% of the
// envelope's peak; leaving the corners out saves a fifth of the work.
int disk_reach(int dy) {
  double r = kRadius + 0.5;
  return static_cast<int>(std::sqrt(r * r - dy * dy));
}

// Four lanes of floats (SSE on x86-64, NEON on ARM); GCC and clang both
// understand the vector_size extension.
using Lanes = float __attribute__((vector_size(16)));

Lanes load(const float* p) {
  Lanes v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Filters the `n` (<= kChunk) pixels from `src` with one kernel, keeping the
// chunk's sums in registers across all the taps. Reads a whole chunk
// regardless of n; the extra results are dropped.
void filter_chunk(const float* kernel, const float* src, std::uint32_t stride, float* dst, std::uint32_t n) {
  Lanes a0{}, a1{}, a2{}, a3{};
  for (int ky = 0; ky < kSide; ++ky) {
    const float* line = src + (ky - kRadius) * static_cast<std::ptrdiff_t>(stride) - kRadius;
    const int reach = disk_reach(ky - kRadius);
    for (int kx = kRadius - reach; kx <= kRadius + reach; ++kx) {
      const float w = kernel[ky * kSide + kx];
      const Lanes weight{w, w, w, w};
      const float* p = line + kx;
      a0 += weight * load(p);
      a1 += weight * load(p + 4);
      a2 += weight * load(p + 8);
      a3 += weight * load(p + 12);
    }
  }
  float acc[kChunk];
  std::memcpy(acc, &a0, sizeof a0);
  std::memcpy(acc + 4, &a1, sizeof a1);
  std::memcpy(acc + 8, &a2, sizeof a2);
  std::memcpy(acc + 12, &a3, sizeof a3);
  std::copy(acc, acc + n, dst);
}

// out = in filtered by each pixel's kernel. Pixels sharing a kernel come in
// runs along a row (the fields are smooth), so a chunk of neighbours shares
// one kernel and the work vectorises.
void filter_rows(const Padded& in, Padded& out, const std::vector<std::uint16_t>& ids, std::uint32_t width,
                 std::uint32_t height) {
  const KernelBank& bank = kernels();
  for (std::uint32_t y = 0; y < height; ++y) {
    const std::uint16_t* row_ids = ids.data() + std::size_t{y} * width;
    const float* src = in.row(y);
    float* dst = out.row(y);
    std::uint32_t x = 0;
    while (x < width) {
      std::uint16_t id = row_ids[x];
      std::uint32_t end = x + 1;
      while (end < width && end - x < kChunk && row_ids[end] == id) ++end;
      if (id == kIdle) {
        std::fill(dst + x, dst + end, 0.0f);
      } else {
        filter_chunk(bank.kernel(id), src + x, in.stride, dst + x, end - x);
      }
      x = end;
    }
  }
}

double rms(const Padded& buffer, const std::vector<std::uint16_t>& ids, std::uint32_t width, std::uint32_t height) {
  double sum = 0;
  std::size_t count = 0;
  for (std::uint32_t y = 0; y < height; ++y) {
    const float* row = buffer.row(y);
    for (std::uint32_t x = 0; x < width; ++x) {
      if (ids[std::size_t{y} * width + x] == kIdle) continue;
      sum += double(row[x]) * row[x];
      ++count;
    }
  }
  return count ? std::sqrt(sum / double(count)) : 1.0;
}

// Saturating gain: values settle at +-1 (ridge or valley) while the
// filter keeps their layout in line with the fields.
void clip(Padded& buffer, std::uint32_t width, std::uint32_t height, float gain) {
  for (std::uint32_t y = 0; y < height; ++y) {
    float* row = buffer.row(y);
    for (std::uint32_t x = 0; x < width; ++x) row[x] = std::clamp(row[x] * gain, -1.0f, 1.0f);
  }
}

}  // namespace

std::vector<float> grow_ridges(const RidgeFields& fields, Random& random, std::uint32_t iterations) {
  const std::uint32_t w = fields.width, h = fields.height;
  std::vector<std::uint16_t> ids(std::size_t{w} * h, kIdle);
  Padded a(w, h), b(w, h);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!fields.grow[i]) continue;
    ids[i] = KernelBank::id(fields.angle[i], fields.period[i]);
    a.row(static_cast<std::uint32_t>(i / w))[i % w] = static_cast<float>(random.uniform(-1, 1));
  }
  for (std::uint32_t pass = 0; pass < iterations; ++pass) {
    filter_rows(a, b, ids, w, h);
    clip(b, w, h, static_cast<float>(1.5 / rms(b, ids, w, h)));
    std::swap(a, b);
  }
  // A last unclipped pass rounds the ridges' profile.
  filter_rows(a, b, ids, w, h);
  double scale = 1.2 / rms(b, ids, w, h);
  std::vector<float> height(std::size_t{w} * h, 0.5f);
  for (std::uint32_t y = 0; y < h; ++y) {
    const float* row = b.row(y);
    for (std::uint32_t x = 0; x < w; ++x) {
      std::size_t i = std::size_t{y} * w + x;
      if (ids[i] != kIdle) height[i] = static_cast<float>(0.5 + 0.5 * std::tanh(row[x] * scale));
    }
  }
  return height;
}

}  // namespace station::biometrics::synthetic
