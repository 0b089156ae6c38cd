// A rolled-fingerprint scanner that streams frames while a finger rolls; many
// also take flat (plain) impressions of four fingers or both thumbs at once,
// the "slaps" that ten-print practice checks the rolls against.
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
  // Frame size in the flat mode (a 3.2 x 2.0 in slap platen is 1600 x 1000 at
  // 500 ppi); 0 x 0 when the device takes no flat impressions.
  std::uint32_t flat_width = 0;
  std::uint32_t flat_height = 0;
};

enum class CaptureMode {
  kRolled,  // one finger rolled nail to nail: frames of the rolling contact
  kFlat,    // up to four fingers (or two thumbs) pressed flat: frames of the still slap
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

  // Chooses what the next start_capture() streams; a device opens in
  // kRolled. In kFlat the frames are flat_width x flat_height and show the
  // slap as it is pressed; the last frame before the hand lifts is the
  // impression. Errors: kFailedPrecondition (not open, or capturing: the mode
  // of a running session never changes), kUnsupported (no flat platen; a
  // device without one need not override this).
  virtual Result<void> set_capture_mode(CaptureMode mode) {
    if (mode == CaptureMode::kRolled) return {};
    return make_error(ErrorCode::kUnsupported, "this scanner takes rolled prints only, no flat slaps");
  }

  // Starts streaming frames in the chosen mode. Errors: kFailedPrecondition (not open or already
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
