// Time, behind an interface so tests can move it (retention periods, idle
// locks, backoff) without sleeping.
#pragma once

#include <chrono>

namespace hal {

class Clock {
 public:
  virtual ~Clock() = default;

  // Wall-clock time (UTC) for timestamps written into records. Never fails;
  // may jump when the station's clock is set.
  virtual std::chrono::system_clock::time_point now() const = 0;

  // Monotonic time for measuring intervals and deadlines.
  virtual std::chrono::steady_clock::time_point monotonic() const = 0;

  // Waits `duration` (a fake returns at once after advancing itself).
  virtual void sleep_for(std::chrono::nanoseconds duration) = 0;
};

}  // namespace hal
