// A Clock that moves only when told to, so tests of timeouts, idle locks and
// retention periods run instantly and repeatably.
#pragma once

#include "hal/clock.hpp"

namespace hal {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point start = std::chrono::system_clock::time_point{})
      : wall_(start) {}

  void advance(std::chrono::nanoseconds step) {
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(step);
    mono_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(step);
  }
  // Moves only the wall clock, as when a technician corrects the time.
  void set_wall(std::chrono::system_clock::time_point t) { wall_ = t; }

  std::chrono::system_clock::time_point now() const override { return wall_; }
  std::chrono::steady_clock::time_point monotonic() const override { return mono_; }
  void sleep_for(std::chrono::nanoseconds duration) override { advance(duration); }

 private:
  std::chrono::system_clock::time_point wall_;
  std::chrono::steady_clock::time_point mono_{};
};

}  // namespace hal
