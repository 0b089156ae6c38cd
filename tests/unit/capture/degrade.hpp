// Ways a print gets worse, each with a strength from 0 (untouched) up: what
// the quality score must see falling. Shared by the quality validation test
// and the capture benchmark.
#pragma once

#include <cstdint>
#include <string_view>

#include "station/biometrics/grey_image.hpp"

namespace capture_test {

enum class Degradation { kBlur, kNoise, kContrast, kDryness, kPartial };
inline constexpr Degradation kDegradations[] = {Degradation::kBlur, Degradation::kNoise, Degradation::kContrast,
                                                Degradation::kDryness, Degradation::kPartial};
inline constexpr int kLevels = 5;  // 0 = untouched .. 4 = worst

std::string_view name(Degradation d);

// `paper` is the grey of the print's background, which contrast loss,
// dryness and missing contact fade towards. `seed` fixes the noise.
station::biometrics::GreyImage degrade(const station::biometrics::GreyImage& print, Degradation d, int level,
                                       double paper, std::uint64_t seed);

// Spearman's rank correlation of two equally long series (ties get their mean rank).
double spearman(const double* a, const double* b, std::size_t n);

}  // namespace capture_test
