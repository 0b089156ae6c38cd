// hal::FingerSensor over libfprint: the officer's log-in finger and flat
// captures from any reader libfprint drives (on the rig: its virtual_image
// device, fed images over the socket named by FP_VIRTUAL_IMAGE).
//
// libfprint's synchronous calls iterate GLib's global default main context, so
// this backend lets one call at a time into libfprint per process; a second
// thread calling any sensor waits for the first to finish.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "hal/finger_sensor.hpp"

namespace drivers {

struct FprintOptions {
  std::string device;       // "driver:device-id" as list_fprint_sensors() names it; "" = the first one
  std::uint32_t ppi = 500;  // stated for images whose device reports no resolution (virtual_image: ppmm 0)
  // Called after each accepted touch of an enrollment (done of total), on the
  // thread running enroll(); lets a screen say "touch again".
  std::function<void(int done, int total)> enroll_progress;
};

class FprintSensor final : public hal::FingerSensor {
 public:
  // Opens the chosen device. Errors: kUnavailable (libfprint cannot start or
  // sees no sensor), kNotFound (no device named options.device), kBusy, kIo.
  static hal::Result<std::unique_ptr<FprintSensor>> open(FprintOptions options);
  ~FprintSensor() override;
  FprintSensor(const FprintSensor&) = delete;
  FprintSensor& operator=(const FprintSensor&) = delete;

  hal::Result<hal::SensorInfo> info() const override;
  hal::Result<hal::FingerImage> capture(std::chrono::milliseconds timeout) override;
  // Takes as many touches as the device asks for (five for image sensors);
  // the timeout covers the whole enrollment.
  hal::Result<hal::FingerTemplate> enroll(std::chrono::milliseconds timeout) override;
  hal::Result<bool> verify(const hal::FingerTemplate& enrolled, std::chrono::milliseconds timeout) override;

  // Ends the capture, enroll or verify running on another thread; that call
  // returns kCancelled. Does nothing when none runs.
  void cancel();

  // FingerTemplate::format is this prefix followed by the libfprint driver name.
  static constexpr const char* kFormatPrefix = "libfprint:";

 private:
  struct Device;
  explicit FprintSensor(std::unique_ptr<Device> device);
  std::unique_ptr<Device> device_;
};

}  // namespace drivers
