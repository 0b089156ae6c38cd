// A rolled-fingerprint scanner that streams frames while a finger rolls.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace hal {

struct ScannerInfo {
  std::string id;        // stable identifier (USB serial or driver:instance)
  std::string model;
  std::string firmware_version;
  std::uint32_t width = 0;   // frame size in pixels
  std::uint32_t height = 0;
  std::uint32_t ppi = 500;
  double frame_rate = 0;     // frames per second while capturing
};

struct Frame {
  std::uint32_t sequence = 0;                  // counts from 0 per session; a gap means lost frames
  std::chrono::microseconds timestamp{0};      // since the session started
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  Bytes pixels;                                // 8-bit grey, row-major, width*height
};

class RolledScanner {
 public:
  virtual ~RolledScanner() = default;

  // Opens the device. Errors: kUnavailable (not attached), kBusy (held by
  // another program), kPermissionDenied, kIo.
  virtual Result<void> open() = 0;

  // Describes the opened device. Errors: kFailedPrecondition (not open).
  virtual Result<ScannerInfo> info() const = 0;

  // Starts streaming frames. Errors: kFailedPrecondition (not open or already
  // capturing), kIo.
  virtual Result<void> start_capture() = 0;

  // Returns the next frame of the running session, waiting up to `timeout`.
  // Errors: kFailedPrecondition (no session), kTimeout, kUnavailable (device
  // unplugged), kIo, kCorrupt (a frame failed its check).
  virtual Result<Frame> next_frame(std::chrono::milliseconds timeout) = 0;

  // Stops the session; frames not yet read are dropped. Stopping when not
  // capturing succeeds. Errors: kIo.
  virtual Result<void> stop_capture() = 0;

  // Releases the device; safe to call twice.
  virtual void close() = 0;
};

}  // namespace hal
