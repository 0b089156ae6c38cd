// Minutiae of small synthetic fingers and of the same skin seen again
// (turned, shifted, thinned out, jittered): fast stand-ins for a roll and its
// slap in the matcher's and the sequence check's unit tests.
#pragma once

#include <cmath>
#include <numbers>
#include <vector>

#include "station/biometrics/minutiae.hpp"
#include "station/biometrics/synthetic_finger.hpp"
#include "cmocka.hpp"

namespace test_views {

using station::biometrics::Minutia;

inline std::vector<Minutia> minutiae_of(std::uint64_t seed) {
  station::biometrics::SyntheticFingerOptions options;
  options.width = 420;
  options.height = 420;
  options.finger_width = 360;
  auto finger = station::biometrics::make_synthetic_finger(seed, options);
  assert_true(finger.ok());
  auto found = station::biometrics::extract_minutiae(finger->impression());
  assert_true(found.ok());
  return std::move(found).value();
}

// Turned by `turn` radians counter-clockwise, shifted, every third minutia
// lost and the rest moved by up to 2 px.
inline std::vector<Minutia> seen_again(const std::vector<Minutia>& m, double turn) {
  constexpr double kTwoPi = 2 * std::numbers::pi;
  std::vector<Minutia> out;
  double c = std::cos(turn), s = std::sin(turn);
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (i % 3 == 0) continue;
    Minutia n = m[i];
    int jitter = static_cast<int>(i % 5) - 2;
    n.x = static_cast<int>(std::lround(m[i].x * c + m[i].y * s + 150)) + jitter;
    n.y = static_cast<int>(std::lround(-m[i].x * s + m[i].y * c + 90)) - jitter;
    n.angle = std::fmod(m[i].angle + turn + kTwoPi, kTwoPi);
    out.push_back(n);
  }
  return out;
}

}  // namespace test_views
