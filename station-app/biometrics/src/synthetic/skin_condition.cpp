#include "skin_condition.hpp"

#include <algorithm>
#include <cmath>

namespace station::biometrics::synthetic {

namespace {

constexpr std::uint32_t kBlotchGrid = 8;  // px between the blotch field's random knots

// Smooth random field in 0..1 with features a ridge period or two across.
std::vector<float> blotches(std::uint32_t width, std::uint32_t height, Random& random) {
  std::uint32_t gw = width / kBlotchGrid + 2, gh = height / kBlotchGrid + 2;
  std::vector<float> knots(std::size_t{gw} * gh);
  for (float& k : knots) k = static_cast<float>(random.uniform());
  std::vector<float> field(std::size_t{width} * height);
  for (std::uint32_t y = 0; y < height; ++y) {
    double gy = double(y) / kBlotchGrid;
    std::uint32_t y0 = static_cast<std::uint32_t>(gy);
    double fy = gy - y0;
    for (std::uint32_t x = 0; x < width; ++x) {
      double gx = double(x) / kBlotchGrid;
      std::uint32_t x0 = static_cast<std::uint32_t>(gx);
      double fx = gx - x0;
      auto k = [&](std::uint32_t i, std::uint32_t j) { return knots[std::size_t{j} * gw + i]; };
      double top = k(x0, y0) * (1 - fx) + k(x0 + 1, y0) * fx;
      double bottom = k(x0, y0 + 1) * (1 - fx) + k(x0 + 1, y0 + 1) * fx;
      field[std::size_t{y} * width + x] = static_cast<float>(top * (1 - fy) + bottom * fy);
    }
  }
  return field;
}

double smoothstep(double edge0, double edge1, double v) {
  double t = std::clamp((v - edge0) / (edge1 - edge0), 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

}  // namespace

std::vector<float> skin_relief(const GreyImage& relief, RollFault fault, Random& random) {
  std::vector<float> skin(relief.size());
  for (std::size_t i = 0; i < skin.size(); ++i) skin[i] = relief.pixels()[i] / 255.0f;
  if (fault != RollFault::kDry && fault != RollFault::kWet) return skin;
  auto field = blotches(relief.width(), relief.height(), random);
  for (std::size_t i = 0; i < skin.size(); ++i) {
    double h = skin[i];
    if (fault == RollFault::kDry) {
      // About a third of the skin loses contact; the rest prints faint.
      h *= 0.8 * (0.25 + 0.75 * smoothstep(0.28, 0.42, field[i]));
    } else {
      h = std::min(1.0, 0.42 + 0.7 * h);
      h = std::max(h, smoothstep(0.78, 0.86, field[i]));
    }
    skin[i] = static_cast<float>(h);
  }
  return skin;
}

}  // namespace station::biometrics::synthetic
