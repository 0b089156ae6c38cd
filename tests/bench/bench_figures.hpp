// Timing figures shared by the benchmarks: samples in milliseconds, printed
// as mean, median, 95th percentile and maximum.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

inline double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Figures {
  std::vector<double> samples;
  void add(double ms) { samples.push_back(ms); }
  void print(const char* what) {
    if (samples.empty()) return (void)std::printf("%-44s no samples\n", what);
    std::sort(samples.begin(), samples.end());
    double sum = 0;
    for (double s : samples) sum += s;
    std::printf("%-44s mean %7.2f ms  median %7.2f  p95 %7.2f  max %7.2f  (n=%zu)\n", what, sum / double(samples.size()),
                samples[samples.size() / 2], samples[samples.size() * 95 / 100], samples.back(), samples.size());
  }
};

}  // namespace bench
