// In-memory FingerSensor for unit tests: a queue of touches, each either an
// image or an error; a template matches the finger it was made from.
#pragma once

#include <deque>
#include <variant>

#include "hal/finger_sensor.hpp"

namespace hal {

class FakeFingerSensor final : public FingerSensor {
 public:
  // The next capture returns this image (or error).
  void queue_touch(FingerImage image) { touches_.emplace_back(std::move(image)); }
  void queue_failure(Error error) { touches_.emplace_back(std::move(error)); }

  Result<SensorInfo> info() const override;
  Result<FingerImage> capture(std::chrono::milliseconds timeout) override;
  Result<FingerTemplate> enroll(std::chrono::milliseconds timeout) override;
  Result<bool> verify(const FingerTemplate& enrolled, std::chrono::milliseconds timeout) override;

  static constexpr const char* kFormat = "fake";

 private:
  std::deque<std::variant<FingerImage, Error>> touches_;
};

}  // namespace hal
