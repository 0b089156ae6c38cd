// A synthetic finger rolled across the scanner's platen, as the frames a
// rolled-print scanner streams. The finger is a cylinder: in each frame only
// a band of it touches the glass, pressed hardest on the contact line and
// less towards the band's edges; the band moves as the finger rolls, and
// because a rolling cylinder does not slide, each bit of skin lands where it
// would in the unrolled print. Sensor noise and the usual faults (too fast,
// slip, lift and return, partial contact, dry or wet skin) are optional.
//
// The true full print and every frame's true contact line and slip are kept,
// so a stitcher can be scored against them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "hal/result.hpp"
#include "station/biometrics/grey_image.hpp"
#include "station/biometrics/synthetic_finger.hpp"

namespace station::biometrics {

enum class RollFault {
  kNone,
  kTooFast,         // the contact line jumps ~14 px per frame (more than a ridge period)
  kSlip,            // mid-roll the skin slides ~10 px over the glass
  kLiftAndReturn,   // mid-roll the finger leaves the glass and comes back a little off
  kPartialContact,  // only the fingertip touches
  kDry,             // dry skin: ridges print broken and faint
  kWet,             // wet skin: valleys fill in and ridges merge
};
std::string_view to_string(RollFault fault);
// Accepts the names to_string() gives ("too-fast", "lift-and-return", ...).
std::optional<RollFault> roll_fault_from_string(std::string_view name);

struct RollOptions {
  RollFault fault = RollFault::kNone;
  bool left_to_right = true;
  double speed = 5;            // contact-line travel per frame while rolling, px (200 px/s at 40 fps)
  double noise = 3;            // sensor noise, standard deviation in grey levels
  std::uint32_t lead_in = 6;   // empty-platen frames before the finger lands
  std::uint32_t lead_out = 12; // empty-platen frames after it lifts
  std::uint64_t seed = 1;      // noise and the details of a fault
};

// What really happened in one frame.
struct RollFrameTruth {
  double contact_x = 0;  // platen x of the contact line (the band's middle), px
  double pressure = 0;   // of the whole finger: 0 off the glass .. 1 pressed
  double slip_x = 0;     // how far the skin has slid from where it first touched, px
  double slip_y = 0;
};

class SyntheticRoll {
 public:
  // Errors: kInvalidArgument (a finger without a print, a speed outside
  // 0.5..40 px per frame, noise outside 0..40).
  static hal::Result<SyntheticRoll> make(SyntheticFinger finger, RollOptions options = {});

  std::uint32_t width() const { return finger_.relief.width(); }
  std::uint32_t height() const { return finger_.relief.height(); }
  const RollOptions& options() const { return options_; }
  const SyntheticFinger& finger() const { return finger_; }

  // Lead-in, roll and lead-out; any later index shows the empty platen.
  std::uint32_t frame_count() const { return static_cast<std::uint32_t>(timeline_.size()); }
  // Draws frame `index` into `pixels` (width x height). Always the same
  // pixels for the same index.
  void render(std::uint32_t index, std::span<std::uint8_t> pixels) const;
  GreyImage frame(std::uint32_t index) const;
  // Truth for frame `index`; the empty platen after the last frame.
  RollFrameTruth truth(std::uint32_t index) const;

  // The print as full, even contact would show it, without noise, in platen
  // coordinates: what a perfect stitcher returns. Dry or wet skin is kept;
  // slips, lifts and partial contact are not.
  GreyImage ground_truth() const;

 private:
  SyntheticRoll() = default;
  double skin_height(double x, double y) const;
  double contact_share(double y) const;

  SyntheticFinger finger_;
  RollOptions options_;
  std::vector<RollFrameTruth> timeline_;
  std::vector<float> skin_;      // relief after dryness or wetness, 0..1
  std::vector<float> coverage_;  // the finger's outline, 0..1
  double radius_ = 0;            // of the finger's cylinder, px
  double contact_angle_ = 0;     // half the angle of skin touching at full pressure
};

}  // namespace station::biometrics
