// A small deterministic generator (SplitMix64). The standard distributions
// differ between standard libraries, and a seed must give the same finger on
// every build, so the conversions to floating point are our own.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace station::biometrics::synthetic {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Standard normal (Box-Muller).
  double normal() {
    double u = 1.0 - uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * uniform());
  }
  // An independent stream for a sub-task, so adding draws to one part never
  // changes another part's output.
  Random fork(std::uint64_t salt) { return Random(next() ^ (salt * 0xD1B54A32D192ED03ull)); }

 private:
  std::uint64_t state_;
};

}  // namespace station::biometrics::synthetic
