// Knits the frames of a rolled-print scanner into one print. Frames go in as
// they arrive; the stitcher finds where the roll starts (contact appears) and
// ends (contact lifts, or the finger stops rolling), places the freshly
// touching band of every frame by its measured drift against the print built
// so far, feathers the seams, and rejects rolls that cannot give a true print:
// rolled too fast (the contact line jumps more than a ridge period between
// frames), slipped (the skin drifted, or ridges break along a seam), lifted
// and put back, or too little of the finger touched; and rolls with a gap
// because frames were lost between scanner and station (the station fell
// behind: the officer is told so, not the citizen to roll more slowly).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hal/result.hpp"
#include "hal/rolled_scanner.hpp"
#include "station/biometrics/grey_image.hpp"

namespace station::biometrics {

enum class RollRejection { kTooFast, kSlipped, kLifted, kPartial, kFramesLost };
std::string_view to_string(RollRejection reason);

enum class RollPhase {
  kWaiting,   // no finger on the glass yet
  kRolling,   // frames are being stitched
  kDone,      // the roll ended and gave a print
  kRejected,  // the roll ended and must be taken again
};
std::string_view to_string(RollPhase phase);

// Thresholds in pixels at 500 ppi, where a ridge period is about 9 px.
struct StitchOptions {
  double max_advance = 9;           // contact-line travel per frame; more leaves gaps between strips
  double max_drift = 4.5;           // skin drift against the print: half a ridge period
  double min_seam_match = 0.5;      // correlation below which ridges do not continue across a seam
  std::uint32_t min_width = 250;    // of the stitched print, nail edge to nail edge
  std::uint32_t min_height = 300;   // of the stitched print, tip to joint
  double start_area = 8000;         // px^2 of contact that starts a roll
  std::uint32_t lift_grace_frames = 8;  // frames to wait, after contact is lost, for it to come back
  std::uint32_t still_frames = 12;      // frames without rolling that end a roll
};

// What one frame told the stitcher.
struct StitchStep {
  std::uint32_t sequence = 0;
  RollPhase phase = RollPhase::kWaiting;
  double contact_area = 0;  // px^2 touching the glass
  double contact_x = 0;     // the contact line (middle of the touching band), px
  double advance = 0;       // contact-line travel since the previous frame with contact, px
  double drift_x = 0;       // how far the skin has drifted against the print, px
  double drift_y = 0;
  double seam_match = 1;    // correlation of this frame with the print where they overlap
  bool stitched = false;    // the frame was added to the print
};

struct RollVerdict {
  std::optional<RollRejection> rejection;  // empty when the roll gave a print
  std::string message;                     // for the officer
  std::uint32_t sequence = 0;              // of the frame that decided
};

class RollStitcher {
 public:
  explicit RollStitcher(StitchOptions options = {});
  ~RollStitcher();
  RollStitcher(RollStitcher&&) noexcept;
  RollStitcher& operator=(RollStitcher&&) noexcept;

  // Takes the next frame. Errors: kInvalidArgument (pixels missing, or a size
  // other than the first frame's, or larger than 4096 a side),
  // kFailedPrecondition (the roll has already ended).
  hal::Result<StitchStep> push(const hal::Frame& frame);
  // Ends the roll with what has been seen (the scanner stopped, or the
  // officer ended it): done or rejected, as the frames so far allow.
  void finish();

  RollPhase phase() const;
  // Meaningful once phase() is kDone or kRejected.
  const RollVerdict& verdict() const;
  const std::vector<StitchStep>& steps() const;

  // The print stitched so far (the result once done); empty before any frame.
  GreyImage composite() const;
  // The composite reduced by `factor` (1..16) for a live view.
  GreyImage preview(std::uint32_t factor) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace station::biometrics
