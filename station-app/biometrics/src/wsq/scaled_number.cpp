#include "scaled_number.hpp"

#include <algorithm>
#include <cmath>

namespace station::biometrics::wsq {

double ScaledNumber::value() const { return double(integer) / std::pow(10.0, exponent); }

ScaledNumber to_scaled(double magnitude, std::uint32_t integer_limit) {
  if (!(magnitude > 0)) return {};
  int exponent = 0;
  double scaled = magnitude;
  while (scaled * 10 < integer_limit && exponent < 255) {
    scaled *= 10;
    ++exponent;
  }
  double integer = std::min(std::round(magnitude * std::pow(10.0, exponent)), double(integer_limit));
  return {static_cast<std::uint8_t>(exponent), static_cast<std::uint32_t>(integer)};
}

}  // namespace station::biometrics::wsq
