#include "fake_finger_sensor.hpp"

namespace hal {

Result<SensorInfo> FakeFingerSensor::info() const { return SensorInfo{"fake:0", "fake", "Fake finger sensor"}; }

Result<FingerImage> FakeFingerSensor::capture(std::chrono::milliseconds) {
  if (touches_.empty()) return make_error(ErrorCode::kTimeout, "no finger was placed");
  auto touch = std::move(touches_.front());
  touches_.pop_front();
  if (auto* e = std::get_if<Error>(&touch)) return *e;
  return std::get<FingerImage>(std::move(touch));
}

Result<FingerTemplate> FakeFingerSensor::enroll(std::chrono::milliseconds timeout) {
  auto image = capture(timeout);
  if (!image) return image.error();
  // The fake's "template" is the image itself: equal pixels match.
  return FingerTemplate{kFormat, std::move(image->pixels)};
}

Result<bool> FakeFingerSensor::verify(const FingerTemplate& enrolled, std::chrono::milliseconds timeout) {
  if (enrolled.format != kFormat) {
    return make_error(ErrorCode::kInvalidArgument, "template made by '" + enrolled.format + "', not by this sensor");
  }
  auto image = capture(timeout);
  if (!image) return image.error();
  return image->pixels == enrolled.data;
}

}  // namespace hal
