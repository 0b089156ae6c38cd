#include "match_pair_table.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace station::biometrics::matching {

namespace {

using std::numbers::pi;

// Pairs closer than about two ridge periods are too often a spur and its
// neighbour; farther than ~0.3 in, skin distortion between a roll and a slap
// bends the distance by more than the tolerance.
constexpr float kMinDistance = 16;
constexpr float kMaxDistance = 150;
constexpr float kDistanceSlack = 5;      // px, plus...
constexpr float kDistanceShare = 0.06f;  // ...of the distance: skin stretches
constexpr float kAngleSlack = static_cast<float>(22 * pi / 180);

float wrap_pi(float a) {
  while (a > pi) a -= static_cast<float>(2 * pi);
  while (a <= -pi) a += static_cast<float>(2 * pi);
  return a;
}

bool agree(const PairEntry& a, const PairEntry& b) {
  return std::abs(wrap_pi(a.beta_from - b.beta_from)) <= kAngleSlack &&
         std::abs(wrap_pi(a.beta_to - b.beta_to)) <= kAngleSlack;
}

}  // namespace

std::vector<PairEntry> pair_table(const std::vector<Minutia>& m) {
  std::vector<PairEntry> table;
  for (std::size_t i = 0; i < m.size(); ++i) {
    for (std::size_t j = 0; j < m.size(); ++j) {
      if (i == j) continue;
      float dx = float(m[j].x - m[i].x), dy = float(m[j].y - m[i].y);
      float d = std::hypot(dx, dy);
      if (d < kMinDistance || d > kMaxDistance) continue;
      float line = std::atan2(-dy, dx);  // counter-clockwise, as the minutiae's angles
      table.push_back({d, wrap_pi(float(m[i].angle) - line), wrap_pi(float(m[j].angle) - line), line,
                       static_cast<std::uint16_t>(i), static_cast<std::uint16_t>(j)});
    }
  }
  std::sort(table.begin(), table.end(), [](const PairEntry& a, const PairEntry& b) { return a.distance < b.distance; });
  return table;
}

std::vector<Association> associate(const std::vector<PairEntry>& probe, const std::vector<PairEntry>& reference) {
  std::vector<Association> found;
  std::size_t low = 0;
  for (const PairEntry& p : probe) {
    if (p.from > p.to) continue;  // one order suffices on this side
    float slack = kDistanceSlack + kDistanceShare * p.distance;
    while (low < reference.size() && reference[low].distance < p.distance - slack) ++low;
    for (std::size_t k = low; k < reference.size() && reference[k].distance <= p.distance + slack; ++k) {
      const PairEntry& r = reference[k];
      if (agree(p, r)) found.push_back({p.from, p.to, r.from, r.to, wrap_pi(r.line - p.line)});
    }
  }
  return found;
}

}  // namespace station::biometrics::matching
