#include "station/biometrics/stitch_score.hpp"

#include <algorithm>
#include <cmath>

namespace station::biometrics {

namespace {

constexpr std::uint32_t kBlock = 8;
constexpr double kRidgeSpread = 10;  // grey spread of a block that shows ridges

void score_tracking(const std::vector<StitchStep>& steps, const SyntheticRoll& roll, StitchScore& score) {
  const StitchStep* previous = nullptr;
  double advance_sum = 0, contact_sum = 0;
  std::size_t advances = 0;
  for (const StitchStep& step : steps) {
    if (!step.stitched) continue;
    double true_x = roll.truth(step.sequence).contact_x;
    contact_sum += std::abs(step.contact_x - true_x);
    ++score.frames;
    if (previous) {
      double tracked = step.contact_x - previous->contact_x;
      double truth = true_x - roll.truth(previous->sequence).contact_x;
      double error = std::abs(tracked - truth);
      advance_sum += error;
      score.max_advance_error = std::max(score.max_advance_error, error);
      ++advances;
    }
    previous = &step;
  }
  if (score.frames) score.mean_contact_error = contact_sum / double(score.frames);
  if (advances) score.mean_advance_error = advance_sum / double(advances);
}

double block_spread(const GreyImage& image, std::uint32_t bx, std::uint32_t by) {
  double sum = 0, squares = 0;
  for (std::uint32_t y = by * kBlock; y < (by + 1) * kBlock; ++y) {
    for (std::uint32_t x = bx * kBlock; x < (bx + 1) * kBlock; ++x) {
      sum += image.at(x, y);
      squares += double(image.at(x, y)) * image.at(x, y);
    }
  }
  double n = kBlock * kBlock, mean = sum / n;
  return std::sqrt(std::max(0.0, squares / n - mean * mean));
}

bool inside_finger(const FingerOutline& outline, std::uint32_t bx, std::uint32_t by) {
  for (std::uint32_t corner = 0; corner < 4; ++corner) {
    double x = bx * kBlock + (corner & 1 ? kBlock - 1 : 0), y = by * kBlock + (corner & 2 ? kBlock - 1 : 0);
    if (outline.coverage(x, y) < 1) return false;
  }
  return true;
}

void score_print(const GreyImage& composite, const SyntheticRoll& roll, StitchScore& score) {
  GreyImage truth = roll.ground_truth();
  if (composite.width() != truth.width() || composite.height() != truth.height()) return;
  std::size_t finger_blocks = 0, covered_blocks = 0;
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, n = 0;
  for (std::uint32_t by = 0; by < truth.height() / kBlock; ++by) {
    for (std::uint32_t bx = 0; bx < truth.width() / kBlock; ++bx) {
      if (!inside_finger(roll.finger().outline, bx, by)) continue;
      ++finger_blocks;
      if (block_spread(composite, bx, by) < kRidgeSpread) continue;
      ++covered_blocks;
      for (std::uint32_t y = by * kBlock; y < (by + 1) * kBlock; ++y) {
        for (std::uint32_t x = bx * kBlock; x < (bx + 1) * kBlock; ++x) {
          double a = composite.at(x, y), b = truth.at(x, y);
          sa += a;
          sb += b;
          saa += a * a;
          sbb += b * b;
          sab += a * b;
          ++n;
        }
      }
    }
  }
  if (finger_blocks) score.coverage = double(covered_blocks) / double(finger_blocks);
  if (n == 0) return;
  double cov = sab - sa * sb / n, va = saa - sa * sa / n, vb = sbb - sb * sb / n;
  score.correlation = va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : 0;
  score.grey_rms = std::sqrt(std::max(0.0, (saa - 2 * sab + sbb) / n));
}

}  // namespace

StitchScore score_stitch(const RollStitcher& stitcher, const SyntheticRoll& roll) {
  StitchScore score;
  score_tracking(stitcher.steps(), roll, score);
  score_print(stitcher.composite(), roll, score);
  return score;
}

}  // namespace station::biometrics
