// The officer's fingerprint sensor: log-in by finger, and flat captures.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace hal {

struct SensorInfo {
  std::string id;      // driver:device id
  std::string driver;  // e.g. "virtual_image"
  std::string name;
};

struct FingerImage {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t ppi = 500;  // stated by the backend when the device does not say
  Bytes pixels;             // 8-bit grey, row-major
};

// A backend's enrolled template, opaque to callers; stored with the officer.
struct FingerTemplate {
  std::string format;  // names the backend that made it, so a mismatch is caught
  Bytes data;
};

class FingerSensor {
 public:
  virtual ~FingerSensor() = default;

  // Errors: kUnavailable (no sensor).
  virtual Result<SensorInfo> info() const = 0;

  // Waits for a finger and returns its image. Errors: kUnavailable, kTimeout,
  // kCancelled, kIo, kCorrupt (the sensor asked to retry: finger moved or too
  // short a touch).
  virtual Result<FingerImage> capture(std::chrono::milliseconds timeout) = 0;

  // Captures a finger and returns a template to verify against later.
  // Errors: as capture().
  virtual Result<FingerTemplate> enroll(std::chrono::milliseconds timeout) = 0;

  // Captures a finger and tells whether it matches `enrolled`. A non-match is
  // a value (false), not an error. Errors: as capture(), and
  // kInvalidArgument when `enrolled` was made by another backend.
  virtual Result<bool> verify(const FingerTemplate& enrolled, std::chrono::milliseconds timeout) = 0;
};

}  // namespace hal
