#include "fake_rolled_scanner.hpp"

namespace hal {

Result<void> FakeRolledScanner::open() {
  if (!present_) return make_error(ErrorCode::kUnavailable, "no scanner attached");
  open_ = true;
  return {};
}

Result<ScannerInfo> FakeRolledScanner::info() const {
  if (!open_) return make_error(ErrorCode::kFailedPrecondition, "scanner not open");
  return info_;
}

Result<void> FakeRolledScanner::set_capture_mode(CaptureMode mode) {
  if (!open_) return make_error(ErrorCode::kFailedPrecondition, "scanner not open");
  if (capturing_) return make_error(ErrorCode::kFailedPrecondition, "the capture mode cannot change during a capture");
  if (mode == CaptureMode::kFlat && (info_.flat_width == 0 || info_.flat_height == 0)) {
    return make_error(ErrorCode::kUnsupported, "this scanner has no flat platen for slaps");
  }
  mode_ = mode;
  return {};
}

Result<void> FakeRolledScanner::start_capture() {
  if (!open_) return make_error(ErrorCode::kFailedPrecondition, "scanner not open");
  if (capturing_) return make_error(ErrorCode::kFailedPrecondition, "a capture is already running");
  capturing_ = true;
  return {};
}

Result<Frame> FakeRolledScanner::next_frame(std::chrono::milliseconds) {
  if (!capturing_) return make_error(ErrorCode::kFailedPrecondition, "no capture running");
  if (!present_) return make_error(ErrorCode::kUnavailable, "scanner unplugged");
  if (frames_.empty()) return make_error(ErrorCode::kTimeout, "no frame arrived");
  Frame f = std::move(frames_.front());
  frames_.pop_front();
  return f;
}

Result<void> FakeRolledScanner::stop_capture() {
  capturing_ = false;
  return {};
}

void FakeRolledScanner::close() {
  capturing_ = false;
  mode_ = CaptureMode::kRolled;
  open_ = false;
}

}  // namespace hal
