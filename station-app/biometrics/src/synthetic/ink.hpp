// How skin prints on the platen: one tone mapping shared by the synthetic
// finger's impression, the roll's frames and the roll's ground truth, so the
// stitcher is scored against exactly what full contact would have shown.
#pragma once

#include <algorithm>

namespace station::biometrics::synthetic {

inline constexpr double kPlatenGrey = 232;  // the lit platen with nothing on it
inline constexpr double kCrestGrey = 28;    // a ridge crest in full contact

// Darkness 0..1 of skin whose relief is `height` (0 valley .. 1 crest) when
// pressed with `pressure` (0 touching .. 1 full): only the part of the relief
// the pressure flattens reaches the glass, so light pressure prints thin,
// broken ridges and full pressure prints the whole relief.
inline double ink_darkness(double height, double pressure) {
  if (pressure <= 0) return 0;
  double reached = height - (1 - pressure);
  if (reached <= 0) return 0;
  return std::min(1.0, reached / pressure) * (0.4 + 0.6 * pressure);
}

inline double ink_grey(double darkness, double paper = kPlatenGrey) {
  return paper - darkness * (paper - kCrestGrey);
}

}  // namespace station::biometrics::synthetic
