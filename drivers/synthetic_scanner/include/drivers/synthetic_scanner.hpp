// A hal::RolledScanner with no hardware behind it: it streams frames drawn by
// a PlatenSource at the scanner's frame rate, timed by a hal::Clock, and fails
// on request at every point a real scanner can. The demo, training and the
// tests use it until the USB scanner exists.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "hal/clock.hpp"
#include "hal/rolled_scanner.hpp"

namespace drivers {

// What lies on the platen. The driver owns timing and sessions; the source
// only draws (the station plugs its synthetic-finger generator in here).
class PlatenSource {
 public:
  virtual ~PlatenSource() = default;
  // A capture session starts; frame indices restart at 0.
  virtual void begin_session() = 0;
  // Draws frame `index` of the session into `pixels` (8-bit grey, row-major,
  // the scanner's width x height, or flat_width x flat_height for a slap).
  virtual void draw(std::uint32_t index, std::span<std::uint8_t> pixels) = 0;
  // Whether this source can lay a slap on the platen; a source that cannot
  // makes the scanner answer kUnsupported for the flat mode.
  virtual bool draws_flats() const { return false; }
  // The coming sessions show rolls (kRolled) or slaps (kFlat).
  virtual void set_mode(hal::CaptureMode) {}
};

enum class FaultPoint {
  kOpen,   // open() fails with the fault's code (kUnavailable, kBusy, kPermissionDenied, kIo)
  kStart,  // start_capture() fails with it (kIo)
  kFrame,  // next_frame() at session frame `frame` fails with it (see SyntheticScanner)
  kStop,   // stop_capture() fails with it (kIo); the session ends anyway
};

struct InjectedFault {
  FaultPoint point = FaultPoint::kOpen;
  hal::ErrorCode code = hal::ErrorCode::kIo;
  std::uint32_t frame = 0;  // for kFrame
};

struct SyntheticScannerOptions {
  std::string id = "synthetic:0";
  std::uint32_t width = 800;
  std::uint32_t height = 750;
  std::uint32_t ppi = 500;
  // The slap platen (3.2 x 2.0 in at 500 ppi), used in the flat mode.
  std::uint32_t flat_width = 1600;
  std::uint32_t flat_height = 1000;
  double frame_rate = 40;
  // Frames the device holds for a slow reader; older ones are lost (the
  // sequence numbers show the gap), as on a USB scanner's ring buffer.
  std::uint32_t buffered_frames = 8;
  // The next frame waits for the reader to take the last: frames still come
  // no faster than the frame rate, but none is lost to a slow reader, so a
  // busy machine sees the same stream. For tests; a real scanner (and the
  // default) drops what its buffer cannot hold.
  bool lockstep = false;
};

class SyntheticScanner final : public hal::RolledScanner {
 public:
  // Errors are returned by the calls, never here; options are checked by open().
  SyntheticScanner(SyntheticScannerOptions options, hal::Clock& clock, std::unique_ptr<PlatenSource> source);

  // Arms a fault; each fires once. At kFrame the code decides what happens:
  // kUnavailable unplugs the scanner (every later call fails so, open too);
  // kTimeout stalls the stream (next_frame waits out its timeout until the
  // session is stopped); kIo and kCorrupt lose that one frame.
  void inject(InjectedFault fault);
  // The frame with this session index is lost on the way (a sequence gap).
  void drop_frame(std::uint32_t index) { dropped_.insert(index); }

  hal::Result<void> open() override;
  hal::Result<hal::ScannerInfo> info() const override;
  // kFlat needs a source that draws flats (PlatenSource::draws_flats).
  hal::Result<void> set_capture_mode(hal::CaptureMode mode) override;
  hal::Result<void> start_capture() override;
  hal::Result<hal::Frame> next_frame(std::chrono::milliseconds timeout) override;
  hal::Result<void> stop_capture() override;
  void close() override;

 private:
  std::optional<hal::Error> take_fault(FaultPoint point, std::uint32_t frame = 0);
  std::chrono::steady_clock::time_point due(std::uint32_t index) const;
  std::uint32_t oldest_buffered(std::uint32_t wanted) const;
  std::optional<hal::Error> wait_until_due(std::uint32_t index, std::chrono::steady_clock::time_point deadline,
                                           std::chrono::milliseconds timeout);
  hal::Error unplug();
  hal::Error time_out(std::chrono::steady_clock::time_point deadline, std::chrono::milliseconds timeout);
  hal::Frame draw(std::uint32_t index);

  SyntheticScannerOptions options_;
  hal::Clock& clock_;
  std::unique_ptr<PlatenSource> source_;
  std::vector<InjectedFault> faults_;  // armed, not yet fired
  std::set<std::uint32_t> dropped_;
  bool open_ = false;
  bool capturing_ = false;
  bool unplugged_ = false;
  bool stalled_ = false;
  std::uint32_t next_index_ = 0;
  hal::CaptureMode mode_ = hal::CaptureMode::kRolled;
  std::chrono::steady_clock::time_point session_start_{};
};

}  // namespace drivers
