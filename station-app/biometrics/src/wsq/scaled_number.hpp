// WSQ stores real numbers (filter taps, quantizer bins, the pixel shift and
// scale) as an unsigned integer and a decimal exponent: integer / 10^exponent.
#pragma once

#include <cstdint>

namespace station::biometrics::wsq {

struct ScaledNumber {
  std::uint8_t exponent = 0;
  std::uint32_t integer = 0;

  double value() const;
};

// The closest representation of `magnitude` (>= 0) whose integer stays below
// `integer_limit` (65535 for 16-bit fields, 4294967295 for 32-bit ones),
// using as many decimals as fit, the way the reference encoder does.
ScaledNumber to_scaled(double magnitude, std::uint32_t integer_limit);

inline constexpr std::uint32_t kScaled16 = 0xFFFF;
inline constexpr std::uint32_t kScaled32 = 0xFFFFFFFF;

}  // namespace station::biometrics::wsq
