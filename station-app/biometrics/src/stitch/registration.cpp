#include "registration.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace station::biometrics::stitch {

namespace {

constexpr float kSettledWeight = 0.3f;   // composite pixels stitched at least this firmly take part
constexpr float kClearContact = 0.5f;    // frame blocks at least this clear take part
constexpr std::size_t kMinSamples = 400; // fewer and the correlation says little
constexpr int kRowStep = 2;              // every other row: ample for a ridge period of 9 px

struct Sample {
  int x, y;
  float value;
};

}  // namespace

Match register_frame(const Composite& composite, const std::uint8_t* frame, const ContactMap& map, Window window,
                     int guess_x, int guess_y, int reach) {
  const int w = static_cast<int>(composite.width()), h = static_cast<int>(composite.height());
  int margin = reach + std::max(std::abs(guess_x), std::abs(guess_y));
  window.x0 = std::max(window.x0, margin);
  window.x1 = std::min(window.x1, w - margin);
  window.y0 = std::max(window.y0, margin);
  window.y1 = std::min(window.y1, h - margin);
  std::vector<Sample> samples;
  double sum_g = 0, sum_gg = 0;
  for (int y = window.y0; y < window.y1; y += kRowStep) {
    for (int x = window.x0; x < window.x1; ++x) {
      auto ux = static_cast<std::uint32_t>(x), uy = static_cast<std::uint32_t>(y);
      if (composite.weight(ux, uy) < kSettledWeight) continue;
      if (map.at(static_cast<std::uint32_t>(x + guess_x), static_cast<std::uint32_t>(y + guess_y)) < kClearContact) continue;
      float g = composite.value(ux, uy);
      samples.push_back({x, y, g});
      sum_g += g;
      sum_gg += double(g) * g;
    }
  }
  Match best;
  if (samples.size() < kMinSamples) return best;
  const double n = double(samples.size());
  const double var_g = sum_gg - sum_g * sum_g / n;
  if (var_g <= 0) return best;
  best.score = -2;
  for (int dy = guess_y - reach; dy <= guess_y + reach; ++dy) {
    for (int dx = guess_x - reach; dx <= guess_x + reach; ++dx) {
      double sf = 0, sff = 0, sfg = 0;
      for (const Sample& s : samples) {
        double f = frame[std::size_t(s.y + dy) * std::size_t(w) + std::size_t(s.x + dx)];
        sf += f;
        sff += f * f;
        sfg += f * s.value;
      }
      double var_f = sff - sf * sf / n;
      if (var_f <= 0) continue;
      double score = (sfg - sf * sum_g / n) / std::sqrt(var_f * var_g);
      if (score > best.score) best = {true, dx, dy, score};
    }
  }
  if (best.score < -1) best = Match{};
  return best;
}

}  // namespace station::biometrics::stitch
