// In-memory RolledScanner for unit tests: plays a queue of frames. It takes
// flat slaps when its info has a flat platen size; the frames queued are the
// test's to match to the mode.
#pragma once

#include <deque>

#include "hal/rolled_scanner.hpp"

namespace hal {

class FakeRolledScanner final : public RolledScanner {
 public:
  explicit FakeRolledScanner(ScannerInfo info) : info_(std::move(info)) {}

  void queue_frame(Frame frame) { frames_.push_back(std::move(frame)); }
  void set_present(bool present) { present_ = present; }
  CaptureMode mode() const { return mode_; }

  Result<void> open() override;
  Result<ScannerInfo> info() const override;
  Result<void> set_capture_mode(CaptureMode mode) override;
  Result<void> start_capture() override;
  Result<Frame> next_frame(std::chrono::milliseconds timeout) override;
  Result<void> stop_capture() override;
  void close() override;

 private:
  ScannerInfo info_;
  std::deque<Frame> frames_;
  bool present_ = true;
  bool open_ = false;
  bool capturing_ = false;
  CaptureMode mode_ = CaptureMode::kRolled;
};

}  // namespace hal
