// An 8-bit grey image, the currency of the biometrics library: scanners hand
// frames in, WSQ and the record formats take and give these.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::biometrics {

class GreyImage {
 public:
  GreyImage() = default;
  // A width x height image filled with `fill` (255 is white paper).
  GreyImage(std::uint32_t width, std::uint32_t height, std::uint8_t fill = 0);

  // Adopts row-major pixels. Errors: kInvalidArgument when the byte count is
  // not width * height.
  static hal::Result<GreyImage> from_pixels(std::uint32_t width, std::uint32_t height, hal::Bytes pixels);

  std::uint32_t width() const { return width_; }
  std::uint32_t height() const { return height_; }
  bool empty() const { return pixels_.empty(); }
  std::size_t size() const { return pixels_.size(); }

  std::uint8_t at(std::uint32_t x, std::uint32_t y) const { return pixels_[index(x, y)]; }
  std::uint8_t& at(std::uint32_t x, std::uint32_t y) { return pixels_[index(x, y)]; }
  std::span<const std::uint8_t> row(std::uint32_t y) const { return {pixels_.data() + index(0, y), width_}; }
  std::span<std::uint8_t> row(std::uint32_t y) { return {pixels_.data() + index(0, y), width_}; }

  const hal::Bytes& pixels() const { return pixels_; }
  std::uint8_t* data() { return pixels_.data(); }

  bool operator==(const GreyImage&) const = default;

 private:
  std::size_t index(std::uint32_t x, std::uint32_t y) const { return std::size_t{y} * width_ + x; }

  std::uint32_t width_ = 0;
  std::uint32_t height_ = 0;
  hal::Bytes pixels_;
};

// Peak signal-to-noise ratio of `actual` against `reference`, in dB, the
// figure WSQ quality is quoted in; +infinity when they are identical.
// Errors: kInvalidArgument when the sizes differ or the images are empty.
hal::Result<double> psnr(const GreyImage& reference, const GreyImage& actual);

}  // namespace station::biometrics
