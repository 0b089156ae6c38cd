// hal::Clock backed by the operating system's clocks.
#pragma once

#include <thread>

#include "hal/clock.hpp"

namespace drivers {

class SystemClock final : public hal::Clock {
 public:
  std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
  std::chrono::steady_clock::time_point monotonic() const override { return std::chrono::steady_clock::now(); }
  void sleep_for(std::chrono::nanoseconds duration) override { std::this_thread::sleep_for(duration); }
};

}  // namespace drivers
