#include "station/biometrics/grey_image.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace station::biometrics {

GreyImage::GreyImage(std::uint32_t width, std::uint32_t height, std::uint8_t fill)
    : width_(width), height_(height), pixels_(std::size_t{width} * height, fill) {}

hal::Result<GreyImage> GreyImage::from_pixels(std::uint32_t width, std::uint32_t height, hal::Bytes pixels) {
  if (pixels.size() != std::size_t{width} * height) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "image of " + std::to_string(width) + "x" +
                                                                 std::to_string(height) + " needs " +
                                                                 std::to_string(std::size_t{width} * height) +
                                                                 " pixels, got " + std::to_string(pixels.size()));
  }
  GreyImage image;
  image.width_ = width;
  image.height_ = height;
  image.pixels_ = std::move(pixels);
  return image;
}

hal::Result<double> psnr(const GreyImage& reference, const GreyImage& actual) {
  if (reference.empty() || reference.width() != actual.width() || reference.height() != actual.height()) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "PSNR needs two non-empty images of one size, got " + std::to_string(reference.width()) +
                               "x" + std::to_string(reference.height()) + " and " + std::to_string(actual.width()) +
                               "x" + std::to_string(actual.height()));
  }
  double squared_error = 0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    double diff = double(reference.pixels()[i]) - double(actual.pixels()[i]);
    squared_error += diff * diff;
  }
  if (squared_error == 0) return std::numeric_limits<double>::infinity();
  double mse = squared_error / double(reference.size());
  return 10.0 * std::log10(255.0 * 255.0 / mse);
}

}  // namespace station::biometrics
