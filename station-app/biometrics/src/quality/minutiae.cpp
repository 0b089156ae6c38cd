#include "minutiae.hpp"

#include "minutiae_skeleton.hpp"

namespace station::biometrics::quality {

namespace {

constexpr int kEdgeMargin = 16;    // px of print required around a minutia
constexpr int kMinSeparation = 8;  // px; closer pairs are artefacts

}  // namespace

std::vector<Minutia> find_minutiae(const GreyImage& print, const BlockGrid& grid) {
  skeleton::Bitmap lines = skeleton::binarise(print, grid);
  skeleton::thin(lines);
  auto inside = [&grid](int x, int y) { return grid.surrounds(x, y, kEdgeMargin); };
  std::vector<Minutia> kept;
  for (auto p : skeleton::drop_close_pairs(skeleton::crossing_points(lines, inside), kMinSeparation)) {
    kept.push_back({p.x, p.y, p.fork});
  }
  return kept;
}

}  // namespace station::biometrics::quality
