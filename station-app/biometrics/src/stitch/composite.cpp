#include "composite.hpp"

#include <algorithm>
#include <cmath>

namespace station::biometrics::stitch {

namespace {

// Below this weight a pixel was only grazed by band edges and does not count
// as stitched when measuring the print.
constexpr float kUsefulWeight = 0.05f;

std::uint8_t grey(double v) { return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0l, 255l)); }

}  // namespace

Composite::Composite(std::uint32_t width, std::uint32_t height)
    : width_(width), height_(height), sum_(std::size_t{width} * height, 0.0f), weight_(std::size_t{width} * height, 0.0f) {}

void Composite::add(const std::uint8_t* frame, const ContactMap& map, double centre_x, double half_width, int shift_x,
                    int shift_y, double gain) {
  if (map.area <= 0 || half_width <= 0) return;
  int x_begin = std::max(0, static_cast<int>(std::ceil(centre_x - half_width)));
  int x_end = std::min(static_cast<int>(width_), static_cast<int>(std::floor(centre_x + half_width)) + 1);
  // Cubed parabola: the cylinder's pressure profile, sharpened so the middle dominates.
  std::vector<float> profile(static_cast<std::size_t>(std::max(0, x_end - x_begin)));
  for (int x = x_begin; x < x_end; ++x) {
    double d = (x - centre_x) / half_width;
    double p = std::max(0.0, 1 - d * d);
    profile[static_cast<std::size_t>(x - x_begin)] = static_cast<float>(gain * p * p * p);
  }
  for (std::uint32_t y = map.first_y; y <= map.last_y && y < height_; ++y) {
    int ty = static_cast<int>(y) - shift_y;
    if (ty < 0 || ty >= static_cast<int>(height_)) continue;
    const std::uint8_t* row = frame + std::size_t{y} * width_;
    for (int x = x_begin; x < x_end; ++x) {
      int tx = x - shift_x;
      if (tx < 0 || tx >= static_cast<int>(width_)) continue;
      float w = profile[static_cast<std::size_t>(x - x_begin)] * map.at(static_cast<std::uint32_t>(x), y);
      if (w <= 0) continue;
      std::size_t t = index(static_cast<std::uint32_t>(tx), static_cast<std::uint32_t>(ty));
      sum_[t] += w * row[x];
      weight_[t] += w;
    }
  }
}

GreyImage Composite::image(double paper) const {
  GreyImage out(width_, height_);
  std::uint8_t* dst = out.data();
  for (std::size_t i = 0; i < sum_.size(); ++i) {
    // Fade into the paper where only band edges reached, so the print has no hard rim.
    float w = weight_[i];
    double v = w > 0 ? sum_[i] / w : paper;
    double confidence = std::min(1.0, double(w) / kUsefulWeight);
    dst[i] = grey(confidence * v + (1 - confidence) * paper);
  }
  return out;
}

GreyImage Composite::preview(std::uint32_t factor, double paper) const {
  GreyImage full = image(paper);
  GreyImage out(std::max(1u, width_ / factor), std::max(1u, height_ / factor));
  for (std::uint32_t y = 0; y < out.height(); ++y) {
    for (std::uint32_t x = 0; x < out.width(); ++x) {
      std::uint32_t sum = 0, n = 0;
      for (std::uint32_t j = y * factor; j < std::min(height_, (y + 1) * factor); ++j) {
        for (std::uint32_t i = x * factor; i < std::min(width_, (x + 1) * factor); ++i) {
          sum += full.at(i, j);
          ++n;
        }
      }
      out.at(x, y) = static_cast<std::uint8_t>(n ? sum / n : 255);
    }
  }
  return out;
}

Extent Composite::extent() const {
  std::uint32_t x0 = width_, x1 = 0, y0 = height_, y1 = 0;
  for (std::uint32_t y = 0; y < height_; ++y) {
    for (std::uint32_t x = 0; x < width_; ++x) {
      if (weight_[index(x, y)] < kUsefulWeight) continue;
      x0 = std::min(x0, x);
      x1 = std::max(x1, x);
      y0 = std::min(y0, y);
      y1 = std::max(y1, y);
    }
  }
  if (x0 > x1) return {};
  return {x1 - x0 + 1, y1 - y0 + 1};
}

}  // namespace station::biometrics::stitch
