#include "drivers/synthetic_scanner.hpp"

#include <algorithm>
#include <cmath>

namespace drivers {

namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::nanoseconds;

const char* point_name(FaultPoint point) {
  switch (point) {
    case FaultPoint::kOpen:
      return "open";
    case FaultPoint::kStart:
      return "start of capture";
    case FaultPoint::kFrame:
      return "frame";
    case FaultPoint::kStop:
      return "stop of capture";
  }
  return "?";
}

hal::Status check_options(const SyntheticScannerOptions& o, const PlatenSource* source) {
  auto bad = [&o](const std::string& what) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "synthetic scanner '" + o.id + "': " + what);
  };
  if (!source) return bad("no platen source to draw frames");
  if (o.width == 0 || o.height == 0 || o.width > 4096 || o.height > 4096) {
    return bad("frame size " + std::to_string(o.width) + "x" + std::to_string(o.height) + " is outside 1..4096");
  }
  if (o.flat_width == 0 || o.flat_height == 0 || o.flat_width > 4096 || o.flat_height > 4096) {
    return bad("flat frame size " + std::to_string(o.flat_width) + "x" + std::to_string(o.flat_height) +
               " is outside 1..4096");
  }
  if (!(o.frame_rate > 0 && o.frame_rate <= 1000)) return bad("frame rate must be in (0, 1000] per second");
  if (o.buffered_frames == 0) return bad("the frame buffer must hold at least one frame");
  return {};
}

}  // namespace

SyntheticScanner::SyntheticScanner(SyntheticScannerOptions options, hal::Clock& clock,
                                   std::unique_ptr<PlatenSource> source)
    : options_(std::move(options)), clock_(clock), source_(std::move(source)) {}

void SyntheticScanner::inject(InjectedFault fault) { faults_.push_back(fault); }

std::optional<hal::Error> SyntheticScanner::take_fault(FaultPoint point, std::uint32_t frame) {
  auto it = std::find_if(faults_.begin(), faults_.end(), [&](const InjectedFault& f) {
    return f.point == point && (point != FaultPoint::kFrame || f.frame == frame);
  });
  if (it == faults_.end()) return std::nullopt;
  std::string where = point_name(point);
  if (point == FaultPoint::kFrame) where += " " + std::to_string(frame);
  hal::Error error = hal::make_error(it->code, "synthetic scanner '" + options_.id + "': injected fault at " + where);
  faults_.erase(it);
  return error;
}

hal::Result<void> SyntheticScanner::open() {
  if (unplugged_) return hal::make_error(hal::ErrorCode::kUnavailable, "synthetic scanner '" + options_.id + "' is unplugged");
  if (auto fault = take_fault(FaultPoint::kOpen)) return *fault;
  HAL_TRY(check_options(options_, source_.get()));
  open_ = true;
  return {};
}

hal::Result<hal::ScannerInfo> SyntheticScanner::info() const {
  if (!open_) return hal::make_error(hal::ErrorCode::kFailedPrecondition, "synthetic scanner is not open");
  hal::ScannerInfo info{options_.id,     "Synthetic roll scanner", "synthetic-1",   options_.width,
                        options_.height, options_.ppi,           options_.frame_rate};
  if (source_->draws_flats()) {
    info.flat_width = options_.flat_width;
    info.flat_height = options_.flat_height;
  }
  return info;
}

hal::Result<void> SyntheticScanner::set_capture_mode(hal::CaptureMode mode) {
  if (!open_) return hal::make_error(hal::ErrorCode::kFailedPrecondition, "synthetic scanner is not open");
  if (capturing_) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition, "the capture mode cannot change during a capture");
  }
  if (mode == hal::CaptureMode::kFlat && !source_->draws_flats()) {
    return hal::make_error(hal::ErrorCode::kUnsupported,
                           "synthetic scanner '" + options_.id + "': its platen source draws no slaps");
  }
  mode_ = mode;
  source_->set_mode(mode);
  return {};
}

hal::Result<void> SyntheticScanner::start_capture() {
  if (!open_) return hal::make_error(hal::ErrorCode::kFailedPrecondition, "synthetic scanner is not open");
  if (capturing_) return hal::make_error(hal::ErrorCode::kFailedPrecondition, "a capture session is already running");
  if (auto fault = take_fault(FaultPoint::kStart)) return *fault;
  capturing_ = true;
  stalled_ = false;
  next_index_ = 0;
  // The source may take a while to prepare what lies on the platen (a
  // synthetic finger is grown on first use); a real scanner's stream starts
  // when it is ready, so the clock does too.
  source_->begin_session();
  session_start_ = clock_.monotonic();
  return {};
}

std::chrono::steady_clock::time_point SyntheticScanner::due(std::uint32_t index) const {
  return session_start_ + duration_cast<nanoseconds>(std::chrono::duration<double>(index / options_.frame_rate));
}

// A reader that fell behind finds only the newest frames still buffered.
std::uint32_t SyntheticScanner::oldest_buffered(std::uint32_t wanted) const {
  double elapsed = std::chrono::duration<double>(clock_.monotonic() - session_start_).count();
  auto newest = static_cast<std::int64_t>(std::floor(elapsed * options_.frame_rate));
  auto oldest = newest - static_cast<std::int64_t>(options_.buffered_frames) + 1;
  return oldest > static_cast<std::int64_t>(wanted) ? static_cast<std::uint32_t>(oldest) : wanted;
}

hal::Error SyntheticScanner::unplug() {
  unplugged_ = true;
  capturing_ = false;
  open_ = false;
  return hal::make_error(hal::ErrorCode::kUnavailable, "synthetic scanner '" + options_.id + "' was unplugged");
}

hal::Error SyntheticScanner::time_out(std::chrono::steady_clock::time_point deadline, std::chrono::milliseconds timeout) {
  auto now = clock_.monotonic();
  if (deadline > now) clock_.sleep_for(deadline - now);
  return hal::make_error(hal::ErrorCode::kTimeout, "synthetic scanner '" + options_.id + "': no frame within " +
                                                       std::to_string(timeout.count()) + " ms");
}

// Frame `index` exists once its time has come, unless the timeout is up first.
std::optional<hal::Error> SyntheticScanner::wait_until_due(std::uint32_t index, std::chrono::steady_clock::time_point deadline,
                                                           std::chrono::milliseconds timeout) {
  if (due(index) > deadline) return time_out(deadline, timeout);
  auto now = clock_.monotonic();
  if (due(index) > now) clock_.sleep_for(due(index) - now);
  return std::nullopt;
}

hal::Frame SyntheticScanner::draw(std::uint32_t index) {
  bool flat = mode_ == hal::CaptureMode::kFlat;
  std::uint32_t width = flat ? options_.flat_width : options_.width;
  std::uint32_t height = flat ? options_.flat_height : options_.height;
  hal::Frame frame{index, duration_cast<microseconds>(due(index) - session_start_), width, height,
                   hal::Bytes(static_cast<std::size_t>(width) * height)};
  source_->draw(index, frame.pixels);
  return frame;
}

hal::Result<hal::Frame> SyntheticScanner::next_frame(std::chrono::milliseconds timeout) {
  if (!capturing_) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition, "no capture session: call start_capture() first");
  }
  auto deadline = clock_.monotonic() + timeout;
  if (stalled_) return time_out(deadline, timeout);
  while (true) {
    std::uint32_t index = options_.lockstep ? next_index_ : oldest_buffered(next_index_);
    if (auto late = wait_until_due(index, deadline, timeout)) return *late;
    next_index_ = index + 1;
    if (auto fault = take_fault(FaultPoint::kFrame, index)) {
      if (fault->code == hal::ErrorCode::kUnavailable) return unplug();
      if (fault->code == hal::ErrorCode::kTimeout) {
        stalled_ = true;
        return time_out(deadline, timeout);
      }
      return *fault;
    }
    if (!dropped_.contains(index)) return draw(index);
  }
}

hal::Result<void> SyntheticScanner::stop_capture() {
  bool was_capturing = capturing_;
  capturing_ = false;
  stalled_ = false;
  dropped_.clear();
  if (was_capturing) {
    if (auto fault = take_fault(FaultPoint::kStop)) return *fault;
  }
  return {};
}

void SyntheticScanner::close() {
  capturing_ = false;
  open_ = false;
  if (mode_ != hal::CaptureMode::kRolled && source_) source_->set_mode(hal::CaptureMode::kRolled);
  mode_ = hal::CaptureMode::kRolled;
}

}  // namespace drivers
