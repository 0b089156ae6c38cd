// One rolled capture from a scanner: stream frames into a stitcher until the
// roll ends, then score the print. The ten-print session records the result.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "hal/result.hpp"
#include "hal/rolled_scanner.hpp"
#include "station/biometrics/quality.hpp"
#include "station/biometrics/roll_stitcher.hpp"
#include "station/biometrics/ten_print_session.hpp"

namespace station::biometrics {

struct RollCaptureOptions {
  StitchOptions stitch;
  std::chrono::milliseconds finger_wait{30000};   // for the finger to land on the glass
  std::chrono::milliseconds frame_timeout{2000};  // for each frame once streaming
  std::uint32_t max_frames = 1200;                // a roll still going after this many is ended
  // Called after every frame, for a live view (stitcher.preview()).
  std::function<void(const StitchStep&, const RollStitcher&)> on_frame;
};

// Runs one capture session on the opened `scanner`. A rejected roll is a
// value (attempt.rejection), not an error. Frames that fail their check are
// skipped. Errors: kTimeout (no finger within finger_wait, or the stream
// stalled), and the scanner's own errors (kUnavailable, kIo, ...); the session
// is stopped in every case.
hal::Result<CaptureAttempt> capture_roll(hal::RolledScanner& scanner, const RollCaptureOptions& options = {});

}  // namespace station::biometrics
