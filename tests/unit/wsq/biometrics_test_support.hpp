// Shared by the WSQ, ANSI/NIST and ISO record tests, the WSQ benchmark and
// the fuzz seed maker: a fingerprint-like image made from a formula, and a
// check that a failure is the expected one.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

#include "hal/result.hpp"
#include "station/biometrics/grey_image.hpp"

namespace biometrics_test {

// Curved ridges (a whorl-like field around an off-centre core) whose period
// drifts between about 8 and 11 px, broken up like real ridges, on an oval
// of skin with light paper around it, plus pseudo-random sensor noise;
// `seed` moves the core and changes the noise.
inline station::biometrics::GreyImage ridge_pattern(std::uint32_t width, std::uint32_t height, std::uint32_t seed = 1) {
  station::biometrics::GreyImage image(width, height, 255);
  double cx = width * (0.45 + 0.01 * (seed % 7)), cy = height * (0.42 + 0.01 * (seed % 5));
  std::uint32_t state = seed * 2654435761u + 1;
  for (std::uint32_t y = 0; y < height; ++y) {
    for (std::uint32_t x = 0; x < width; ++x) {
      double dx = (x - cx) / (width * 0.38), dy = (y - cy) / (height * 0.46);
      state = state * 1664525u + 1013904223u;
      double noise = double(state >> 24) / 255.0 - 0.5;
      double r = std::hypot(double(x) - cx, (double(y) - cy) * 1.15);
      double angle = std::atan2(double(y) - cy, double(x) - cx);
      double period = 9.5 + 1.5 * std::sin(0.011 * x + seed) * std::cos(0.013 * y);
      double ridge = std::cos(2 * std::numbers::pi * r / period + 1.5 * std::sin(angle) +
                              2 * std::sin(0.02 * x * std::cos(0.017 * y)));
      double breaks = 0.65 + 0.35 * std::sin(0.21 * x + 0.17 * y + seed) * std::sin(0.13 * x - 0.23 * y);
      double skin = std::clamp(1.6 - 1.6 * std::hypot(dx, dy), 0.0, 1.0);
      double value = 255 - skin * (120 + 120 * std::clamp(1.4 * ridge, -1.0, 1.0) * breaks) + 16 * noise;
      image.at(x, y) = static_cast<std::uint8_t>(std::clamp(value, 0.0, 255.0));
    }
  }
  return image;
}

// "" when `result` failed with `code` and a message containing `words`,
// else what happened instead (for assert_string_equal to print).
template <typename R>
std::string error_mismatch(const R& result, hal::ErrorCode code, const std::string& words) {
  if (result.ok()) return "succeeded; expected " + std::string(hal::to_string(code)) + " mentioning '" + words + "'";
  const hal::Error& e = result.error();
  if (e.code != code || e.message.find(words) == std::string::npos) {
    return "failed with " + e.describe() + "; expected " + std::string(hal::to_string(code)) + " mentioning '" + words +
           "'";
  }
  return "";
}

}  // namespace biometrics_test

namespace biometrics_test {

// Where each marker segment of a WSQ file's header starts, up to the first
// block (SOB): a walker written here, independent of the decoder's parser.
struct Segment {
  std::uint16_t marker;
  std::size_t offset;  // of the marker
  std::size_t length;  // the length field's value
};

inline std::vector<Segment> header_segments(const hal::Bytes& wsq) {
  std::vector<Segment> segments;
  std::size_t at = 2;  // after SOI
  while (at + 4 <= wsq.size()) {
    std::uint16_t marker = std::uint16_t(wsq[at] << 8 | wsq[at + 1]);
    std::size_t length = std::size_t(wsq[at + 2] << 8 | wsq[at + 3]);
    segments.push_back({marker, at, length});
    if (marker == 0xFFA3) break;
    at += 2 + length;
  }
  return segments;
}

inline std::optional<Segment> find_segment(const std::vector<Segment>& segments, std::uint16_t marker) {
  for (const auto& s : segments) {
    if (s.marker == marker) return s;
  }
  return std::nullopt;
}

}  // namespace biometrics_test
