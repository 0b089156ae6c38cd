#include "station/workflow/face.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "station/biometrics/jpeg2000.hpp"

namespace station::workflow {

namespace {

// Luma of pixel (x, y), 0-255.
double luma(const biometrics::RawImage& image, std::uint32_t x, std::uint32_t y) {
  const std::size_t i = (static_cast<std::size_t>(y) * image.width + x) * image.channels;
  if (image.channels < 3) return image.pixels[i];
  return 0.299 * image.pixels[i] + 0.587 * image.pixels[i + 1] + 0.114 * image.pixels[i + 2];
}

}  // namespace

int face_quality(const biometrics::RawImage& image) {
  if (image.empty() || image.width < 2 || image.height < 2) return 0;
  double sum = 0, sum2 = 0, gradient = 0;
  for (std::uint32_t y = 0; y + 1 < image.height; ++y) {
    for (std::uint32_t x = 0; x + 1 < image.width; ++x) {
      const double v = luma(image, x, y);
      sum += v;
      sum2 += v * v;
      gradient += std::abs(luma(image, x + 1, y) - v) + std::abs(luma(image, x, y + 1) - v);
    }
  }
  const double n = double(image.width - 1) * double(image.height - 1);
  const double mean = sum / n, spread = std::sqrt(std::max(0.0, sum2 / n - mean * mean)), focus = gradient / n;
  // Each part 0..1: pixels against ICAO's 240 x 320, mean brightness near
  // mid-grey, a spread of 40+ grey levels, a mean gradient of 4+ levels.
  const double pixels = std::min(1.0, double(image.width) * image.height / (240.0 * 320.0));
  const double exposure = std::clamp(1.0 - std::abs(mean - 128.0) / 100.0, 0.0, 1.0);
  const double contrast = std::min(1.0, spread / 40.0);
  const double sharpness = std::min(1.0, focus / 4.0);
  return static_cast<int>(std::lround(100.0 * pixels * (0.3 * exposure + 0.3 * contrast + 0.4 * sharpness)));
}

hal::Result<dossier::Capture> face_capture(const biometrics::RawImage& image, std::size_t target_bytes, dossier::TimePoint at) {
  auto jp2 = biometrics::encode_jpeg2000(image, target_bytes);
  if (!jp2) return jp2.error();
  dossier::Capture c;
  c.format = dossier::ImageFormat::kJpeg2000;
  c.width = static_cast<int>(image.width);
  c.height = static_cast<int>(image.height);
  c.image = std::move(jp2).value();
  c.quality = face_quality(image);
  c.captured_at = at;
  return c;
}

biometrics::RawImage synthetic_face(std::uint64_t seed) {
  constexpr std::uint32_t kWidth = 240, kHeight = 320;
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> jitter(-0.06, 0.06);
  const double cx = kWidth * (0.5 + jitter(random)), cy = kHeight * (0.42 + jitter(random));
  const double rx = kWidth * (0.26 + jitter(random) / 2), ry = kHeight * (0.27 + jitter(random) / 2);
  const double skin = 170 + 500 * jitter(random);
  std::normal_distribution<double> noise(0, 3);
  biometrics::RawImage image{kWidth, kHeight, 3, hal::Bytes(std::size_t(kWidth) * kHeight * 3)};
  for (std::uint32_t y = 0; y < kHeight; ++y) {
    for (std::uint32_t x = 0; x < kWidth; ++x) {
      const double dx = (x - cx) / rx, dy = (y - cy) / ry, r = dx * dx + dy * dy;
      const bool shoulders = y > kHeight * 0.78 && std::abs(x - cx) < kWidth * (0.2 + (y - kHeight * 0.78) / kHeight);
      double v = 90 + 60.0 * y / kHeight;  // background gradient
      if (shoulders) v = 60;
      if (r < 1) v = skin * (1.0 - 0.25 * r) + 12 * std::sin(x * 0.7) * std::sin(y * 0.5);
      const double eye = std::min(std::hypot(x - (cx - rx * 0.4), y - (cy - ry * 0.15)),
                                  std::hypot(x - (cx + rx * 0.4), y - (cy - ry * 0.15)));
      if (eye < 7) v = 40;
      const std::size_t i = (std::size_t(y) * kWidth + x) * 3;
      for (int c = 0; c < 3; ++c) {
        const double tint = c == 0 ? 1.08 : c == 1 ? 1.0 : 0.9;
        image.pixels[i + c] = static_cast<std::uint8_t>(std::clamp(v * (r < 1 ? tint : 1.0) + noise(random), 0.0, 255.0));
      }
    }
  }
  return image;
}

}  // namespace station::workflow
