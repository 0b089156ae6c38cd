#include "station/biometrics/roll_capture.hpp"

#include <string>

namespace station::biometrics {

namespace {

// Streams until the stitcher decides; the caller stops the session.
hal::Status stream(hal::RolledScanner& scanner, RollStitcher& stitcher, const RollCaptureOptions& options) {
  for (std::uint32_t frames = 0; frames < options.max_frames; ++frames) {
    auto frame = scanner.next_frame(options.frame_timeout);
    if (!frame && frame.error().code == hal::ErrorCode::kCorrupt) continue;  // lost, like a dropped frame
    if (!frame) return frame.error();
    auto step = stitcher.push(*frame);
    if (!step) return step.error();
    if (options.on_frame) options.on_frame(*step, stitcher);
    if (step->phase == RollPhase::kDone || step->phase == RollPhase::kRejected) return {};
    if (step->phase == RollPhase::kWaiting && frame->timestamp > options.finger_wait) {
      return hal::make_error(hal::ErrorCode::kTimeout, "no finger was placed on the scanner within " +
                                                            std::to_string(options.finger_wait.count() / 1000) + " s");
    }
  }
  stitcher.finish();
  return {};
}

}  // namespace

hal::Result<CaptureAttempt> capture_roll(hal::RolledScanner& scanner, const RollCaptureOptions& options) {
  HAL_TRY(scanner.start_capture());
  RollStitcher stitcher(options.stitch);
  hal::Status streamed = stream(scanner, stitcher, options);
  hal::Status stopped = scanner.stop_capture();
  if (!streamed) return streamed.error();
  if (!stopped) return stopped.error();
  CaptureAttempt attempt;
  attempt.rejection = stitcher.verdict().rejection;
  attempt.message = stitcher.verdict().message;
  if (attempt.rejection) return attempt;
  attempt.print = stitcher.composite();
  auto quality = assess_quality(attempt.print, Impression::kRolled);
  if (!quality) return quality.error();
  attempt.quality = quality->score;
  return attempt;
}

}  // namespace station::biometrics
