#include "roll_timeline.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace station::biometrics::synthetic {

namespace {

constexpr double kTooFastSpeed = 14;        // px per frame: half again a ridge period
constexpr double kTouchdown[] = {0.35, 0.7, 1.0};
constexpr double kLiftoff[] = {0.6, 0.25};
constexpr std::uint32_t kRampFrames = 4;    // to reach or leave cruising speed
constexpr std::uint32_t kHoldFrames = 3;    // resting at the far nail edge before lifting
constexpr double kSlipAt = 0.5;             // share of the roll done when a slip or a lift happens
constexpr double kLiftAt = 0.45;
constexpr std::uint32_t kSlipFrames = 3;    // a slip takes this long
constexpr double kLiftPressures[] = {0.5, 0.15, 0, 0, 0, 0, 0, 0.5};

class Timeline {
 public:
  Timeline(const RollOptions& options, double start_x, Random& random)
      : options_(options), random_(random), state_{start_x, 0, 0, 0} {}

  void add(double pressure) {
    state_.pressure = pressure;
    frames_.push_back(state_);
  }
  void roll_to(double end_x);
  std::vector<RollFrameTruth> take() { return std::move(frames_); }

 private:
  void slide(double dx, double dy) {
    state_.slip_x += dx;
    state_.slip_y += dy;
  }
  void lift_and_return(double direction);

  const RollOptions& options_;
  Random& random_;
  RollFrameTruth state_;
  std::vector<RollFrameTruth> frames_;
};

void Timeline::lift_and_return(double direction) {
  for (double p : kLiftPressures) add(p);
  // It never comes back exactly: a few pixels off, and further along.
  double angle = random_.uniform(0, 2 * std::numbers::pi);
  double offset = random_.uniform(4, 7);
  slide(offset * std::cos(angle), offset * std::sin(angle));
  state_.contact_x += direction * 20;
}

void Timeline::roll_to(double end_x) {
  double direction = end_x >= state_.contact_x ? 1 : -1;
  double cruise = options_.fault == RollFault::kTooFast ? kTooFastSpeed : options_.speed;
  double start_x = state_.contact_x;
  double distance = std::abs(end_x - start_x);
  bool slipped = false, lifted = false;
  std::uint32_t slip_frames_left = 0;
  double slip_dx = 0, slip_dy = 0;
  for (std::uint32_t step = 0; direction * (end_x - state_.contact_x) > 0.5; ++step) {
    double remaining = direction * (end_x - state_.contact_x);
    double done = 1 - remaining / distance;
    double speed = cruise * std::min(1.0, (step + 1.0) / (kRampFrames + 1)) * random_.uniform(0.92, 1.08);
    speed = std::min({speed, remaining, std::max(1.0, remaining / kRampFrames)});
    state_.contact_x += direction * speed;
    if (options_.fault == RollFault::kSlip && !slipped && done >= kSlipAt) {
      slipped = true;
      slip_frames_left = kSlipFrames;
      double angle = random_.uniform(0, 2 * std::numbers::pi);
      double size = random_.uniform(9, 13);
      slip_dx = size * std::cos(angle) / kSlipFrames;
      slip_dy = size * std::sin(angle) / kSlipFrames;
    }
    if (slip_frames_left > 0) {
      slide(slip_dx, slip_dy);
      --slip_frames_left;
    }
    if (options_.fault == RollFault::kLiftAndReturn && !lifted && done >= kLiftAt) {
      lifted = true;
      lift_and_return(direction);
    }
    add(1.0);
  }
}

}  // namespace

std::vector<RollFrameTruth> roll_timeline(const RollOptions& options, double start_x, double end_x, Random& random) {
  Timeline t(options, start_x, random);
  for (std::uint32_t i = 0; i < options.lead_in; ++i) t.add(0);
  for (double p : kTouchdown) t.add(p);
  t.roll_to(end_x);
  for (std::uint32_t i = 0; i < kHoldFrames; ++i) t.add(1.0);
  for (double p : kLiftoff) t.add(p);
  for (std::uint32_t i = 0; i < options.lead_out; ++i) t.add(0);
  return t.take();
}

}  // namespace station::biometrics::synthetic
