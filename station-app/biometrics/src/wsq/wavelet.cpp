// Lifting factorisation of the 9/7 pair (Daubechies and Sweldens): two
// predict and two update steps, then a gain per band. With the low band on
// the even samples, mirroring each lifting step at the signal's ends is the
// same as whole-sample symmetric extension of the input.
#include "wavelet.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

namespace station::biometrics::wsq {

namespace {

constexpr float kPredict1 = -1.586134342059924f;
constexpr float kUpdate1 = -0.052980118572961f;
constexpr float kPredict2 = 0.882911075530934f;
constexpr float kUpdate2 = 0.443506852043971f;
constexpr double kLiftingGain = 1.230174104914001;
// The spec's filters have a DC gain of sqrt(2) in the low band.
const float kLowGain = static_cast<float>(std::sqrt(2.0) / kLiftingGain);
const float kHighGain = static_cast<float>(kLiftingGain / std::sqrt(2.0));
const float kSingleSampleGain = static_cast<float>(std::sqrt(2.0));

// Columns are lifted in strips this many floats wide, so a strip of a tall
// image stays in the L2 cache through all four lifting steps.
constexpr int kStripWidth = 64;

// One signal, its even samples in `low` and odd samples in `high`.
struct ArraySamples {
  float* low;
  float* high;

  float* target(bool high_band) const { return high_band ? high : low; }
  const float* source(bool high_band) const { return high_band ? low : high; }

  // target[n] += c * (source[n + shift] + source[n + shift + 1]), n in [begin, end)
  void add_pairs(bool to_high, float c, int begin, int end, int shift) const {
    float* t = target(to_high);
    const float* s = source(to_high) + shift;
    for (int n = begin; n < end; ++n) t[n] += c * (s[n] + s[n + 1]);
  }
  void add_one(bool to_high, float c, int n, int left, int right) const {
    target(to_high)[n] += c * (source(to_high)[left] + source(to_high)[right]);
  }
};

// A strip of rows, lifted as vectors: even rows are the low band, odd rows
// the high band, interleaved in place.
struct RowSamples {
  float* base;
  std::ptrdiff_t pitch;
  int width;

  float* row(bool high_band, int n) const { return base + (2 * std::ptrdiff_t{n} + high_band) * pitch; }

  void add_rows(bool to_high, float c, int n, int left, int right) const {
    float* t = row(to_high, n);
    const float* a = row(!to_high, left);
    const float* b = row(!to_high, right);
    for (int i = 0; i < width; ++i) t[i] += c * (a[i] + b[i]);
  }
  void add_pairs(bool to_high, float c, int begin, int end, int shift) const {
    for (int n = begin; n < end; ++n) add_rows(to_high, c, n, n + shift, n + shift + 1);
  }
  void add_one(bool to_high, float c, int n, int left, int right) const { add_rows(to_high, c, n, left, right); }
};

// high[n] += c * (low[n] + low[n+1]), the missing low[n_low] mirrored.
template <typename Samples>
void predict(const Samples& s, float c, int n_low, int n_high) {
  int interior = std::min(n_high, n_low - 1);
  s.add_pairs(true, c, 0, interior, 0);
  if (interior < n_high) s.add_one(true, c, n_high - 1, n_low - 1, n_low - 1);
}

// low[n] += c * (high[n-1] + high[n]), high[-1] and high[n_high] mirrored.
template <typename Samples>
void update(const Samples& s, float c, int n_low, int n_high) {
  s.add_one(false, c, 0, 0, 0);
  s.add_pairs(false, c, 1, std::min(n_low, n_high), -1);
  if (n_low > n_high && n_low > 1) s.add_one(false, c, n_low - 1, n_high - 1, n_high - 1);
}

// Both need a signal of at least two samples.
template <typename Samples>
void lift_forward(const Samples& s, int n_low, int n_high) {
  predict(s, kPredict1, n_low, n_high);
  update(s, kUpdate1, n_low, n_high);
  predict(s, kPredict2, n_low, n_high);
  update(s, kUpdate2, n_low, n_high);
}

template <typename Samples>
void lift_inverse(const Samples& s, int n_low, int n_high) {
  update(s, -kUpdate2, n_low, n_high);
  predict(s, -kPredict2, n_low, n_high);
  update(s, -kUpdate1, n_low, n_high);
  predict(s, -kPredict1, n_low, n_high);
}

struct Bands {
  int n_low;
  int n_high;
  int low_offset;  // where each band starts in the split's output
  int high_offset;
};

Bands bands_of(int length, bool high_first) {
  int n_low = (length + 1) / 2;
  int n_high = length / 2;
  return high_first ? Bands{n_low, n_high, n_high, 0} : Bands{n_low, n_high, 0, n_low};
}

void scale_into(float* out, const float* in, int count, float gain) {
  for (int i = 0; i < count; ++i) out[i] = in[i] * gain;
}

// Rows are transformed in place through two half-length buffers; columns a
// strip at a time through a strip-sized buffer, so the working set stays
// small whatever the image size.
class Transformer {
 public:
  explicit Transformer(const Geometry& g)
      : pitch_(g.width),
        strip_(new float[std::size_t(kStripWidth) * g.height]),
        low_(new float[(g.width + 1) / 2]),
        high_(new float[g.width / 2 + 1]) {}

  void forward(float* plane, const Split& split) {
    const Rect& r = split.area;
    if (r.width == 0 || r.height == 0) return;
    float* origin = plane + std::ptrdiff_t(r.y) * pitch_ + r.x;
    for (int y = 0; y < r.height; ++y) forward_row(origin + std::ptrdiff_t(y) * pitch_, r.width, split.high_first_in_x);
    for (int x0 = 0; x0 < r.width; x0 += kStripWidth) {
      forward_columns(origin + x0, std::min(kStripWidth, r.width - x0), r.height, split.high_first_in_y);
    }
  }

  void inverse(float* plane, const Split& split) {
    const Rect& r = split.area;
    if (r.width == 0 || r.height == 0) return;
    float* origin = plane + std::ptrdiff_t(r.y) * pitch_ + r.x;
    for (int x0 = 0; x0 < r.width; x0 += kStripWidth) {
      inverse_columns(origin + x0, std::min(kStripWidth, r.width - x0), r.height, split.high_first_in_y);
    }
    for (int y = 0; y < r.height; ++y) inverse_row(origin + std::ptrdiff_t(y) * pitch_, r.width, split.high_first_in_x);
  }

 private:
  void forward_row(float* row, int length, bool high_first) {
    if (length == 1) {
      row[0] *= kSingleSampleGain;
      return;
    }
    Bands b = bands_of(length, high_first);
    for (int n = 0; n < b.n_high; ++n) {
      low_[n] = row[2 * n];
      high_[n] = row[2 * n + 1];
    }
    if (b.n_low > b.n_high) low_[b.n_low - 1] = row[length - 1];
    lift_forward(ArraySamples{low_.get(), high_.get()}, b.n_low, b.n_high);
    scale_into(row + b.low_offset, low_.get(), b.n_low, kLowGain);
    scale_into(row + b.high_offset, high_.get(), b.n_high, kHighGain);
  }

  void inverse_row(float* row, int length, bool high_first) {
    if (length == 1) {
      row[0] /= kSingleSampleGain;
      return;
    }
    Bands b = bands_of(length, high_first);
    scale_into(low_.get(), row + b.low_offset, b.n_low, 1.0f / kLowGain);
    scale_into(high_.get(), row + b.high_offset, b.n_high, 1.0f / kHighGain);
    lift_inverse(ArraySamples{low_.get(), high_.get()}, b.n_low, b.n_high);
    for (int n = 0; n < b.n_high; ++n) {
      row[2 * n] = low_[n];
      row[2 * n + 1] = high_[n];
    }
    if (b.n_low > b.n_high) row[length - 1] = low_[b.n_low - 1];
  }

  // Lifts `width` columns of the plane starting at `column`, leaving the
  // low rows then the high rows (or the reverse) in their place.
  void forward_columns(float* column, int width, int height, bool high_first) {
    if (height == 1) {
      scale_into(column, column, width, kSingleSampleGain);
      return;
    }
    for (int y = 0; y < height; ++y)
      std::copy_n(column + std::ptrdiff_t(y) * pitch_, width, strip_.get() + std::ptrdiff_t(y) * width);
    Bands b = bands_of(height, high_first);
    RowSamples rows{strip_.get(), width, width};
    lift_forward(rows, b.n_low, b.n_high);
    for (int n = 0; n < b.n_low; ++n)
      scale_into(column + std::ptrdiff_t(b.low_offset + n) * pitch_, rows.row(false, n), width, kLowGain);
    for (int n = 0; n < b.n_high; ++n)
      scale_into(column + std::ptrdiff_t(b.high_offset + n) * pitch_, rows.row(true, n), width, kHighGain);
  }

  void inverse_columns(float* column, int width, int height, bool high_first) {
    if (height == 1) {
      scale_into(column, column, width, 1.0f / kSingleSampleGain);
      return;
    }
    Bands b = bands_of(height, high_first);
    RowSamples rows{strip_.get(), width, width};
    for (int n = 0; n < b.n_low; ++n)
      scale_into(rows.row(false, n), column + std::ptrdiff_t(b.low_offset + n) * pitch_, width, 1.0f / kLowGain);
    for (int n = 0; n < b.n_high; ++n)
      scale_into(rows.row(true, n), column + std::ptrdiff_t(b.high_offset + n) * pitch_, width, 1.0f / kHighGain);
    lift_inverse(rows, b.n_low, b.n_high);
    for (int y = 0; y < height; ++y)
      std::copy_n(strip_.get() + std::ptrdiff_t(y) * width, width, column + std::ptrdiff_t(y) * pitch_);
  }

  int pitch_;
  std::unique_ptr<float[]> strip_;
  std::unique_ptr<float[]> low_;
  std::unique_ptr<float[]> high_;
};

}  // namespace

void forward_transform(float* plane, const Geometry& geometry) {
  Transformer transformer(geometry);
  for (const Split& split : geometry.splits) transformer.forward(plane, split);
}

void inverse_transform(float* plane, const Geometry& geometry) {
  Transformer transformer(geometry);
  for (auto it = geometry.splits.rbegin(); it != geometry.splits.rend(); ++it) transformer.inverse(plane, *it);
}

}  // namespace station::biometrics::wsq
