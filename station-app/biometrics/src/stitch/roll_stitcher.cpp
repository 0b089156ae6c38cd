#include "station/biometrics/roll_stitcher.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "composite.hpp"
#include "contact_map.hpp"
#include "registration.hpp"

namespace station::biometrics {

namespace {

constexpr std::uint32_t kMaxSide = 4096;
constexpr double kLiftShare = 0.3;     // contact below this share of the roll's peak means the finger left
constexpr double kReturnShare = 0.6;   // and above this share again, that it came back
constexpr double kDirectionTravel = 10;  // px of travel that settles which way the finger rolls
constexpr double kStillTravel = 1.5;   // px: less than this over still_frames is not rolling
constexpr double kMinTravel = 40;      // px rolled before a pause may end the roll
constexpr int kSearchReach = 3;        // px of new drift looked for per frame
// The registration window trails the contact line, over skin that earlier
// frames already stitched firmly and this frame still presses well.
constexpr double kWindowNear = 8;
constexpr double kWindowFar = 40;

std::string format(const char* pattern, double a, double b = 0) {
  char text[160];
  std::snprintf(text, sizeof text, pattern, a, b);
  return text;
}

}  // namespace

std::string_view to_string(RollRejection reason) {
  switch (reason) {
    case RollRejection::kTooFast:
      return "too fast";
    case RollRejection::kSlipped:
      return "slipped";
    case RollRejection::kLifted:
      return "lifted";
    case RollRejection::kPartial:
      return "partial";
    case RollRejection::kFramesLost:
      return "frames lost";
  }
  return "?";
}

std::string_view to_string(RollPhase phase) {
  switch (phase) {
    case RollPhase::kWaiting:
      return "waiting";
    case RollPhase::kRolling:
      return "rolling";
    case RollPhase::kDone:
      return "done";
    case RollPhase::kRejected:
      return "rejected";
  }
  return "?";
}

struct RollStitcher::State {
  StitchOptions options;
  RollPhase phase = RollPhase::kWaiting;
  RollVerdict verdict;
  std::vector<StitchStep> steps;
  std::optional<stitch::Composite> composite;
  double paper = 232;
  double peak_area = 0;
  double start_x = 0;
  double last_x = 0;          // contact line of the last frame with contact
  double direction = 0;       // +1 rightwards, -1 leftwards, 0 not yet known
  double furthest = 0;        // most travel so far along `direction`
  int drift_x = 0, drift_y = 0;
  std::optional<std::uint32_t> lifted_at;  // sequence where contact was lost
  std::uint32_t previous_sequence = 0;

  void reject(RollRejection reason, std::string message, std::uint32_t sequence) {
    phase = RollPhase::kRejected;
    verdict = {reason, std::move(message), sequence};
  }
  void conclude(std::uint32_t sequence);
  bool jumped(double advance, std::uint32_t gap) const;
  void reject_jump(double advance, std::uint32_t gap, std::uint32_t sequence);
  void roll(const hal::Frame& frame, const stitch::ContactMap& map, StitchStep& step);
  void place(const hal::Frame& frame, const stitch::ContactMap& map, StitchStep& step);
  bool resting() const;
  stitch::Window trailing_window(const stitch::ContactMap& map) const;
};

// Composite columns just behind the last contact line (on both sides of it
// until the direction is known), over the rows this frame touches.
stitch::Window RollStitcher::State::trailing_window(const stitch::ContactMap& map) const {
  double near = last_x - direction * kWindowNear, far = last_x - direction * kWindowFar;
  if (direction == 0) {
    near = last_x - kWindowNear * 2;
    far = last_x + kWindowNear * 2;
  }
  return {static_cast<int>(std::min(near, far)) - drift_x, static_cast<int>(std::max(near, far)) - drift_x,
          static_cast<int>(map.first_y) - drift_y, static_cast<int>(map.last_y) + 1 - drift_y};
}

// The roll is over: it gave a print unless too little of the finger was stitched.
void RollStitcher::State::conclude(std::uint32_t sequence) {
  stitch::Extent extent = composite ? composite->extent() : stitch::Extent{};
  if (extent.width < options.min_width || extent.height < options.min_height) {
    reject(RollRejection::kPartial,
           format("only %.0f x %.0f px of finger were rolled; place the whole finger and roll nail to nail",
                  extent.width, extent.height),
           sequence);
    return;
  }
  phase = RollPhase::kDone;
  verdict = {std::nullopt, format("rolled print of %.0f x %.0f px", extent.width, extent.height), sequence};
}

bool RollStitcher::State::resting() const {
  std::size_t n = options.still_frames;
  if (furthest < kMinTravel || steps.size() < n) return false;
  double lo = steps.back().contact_x, hi = lo;
  for (std::size_t i = steps.size() - n; i < steps.size(); ++i) {
    if (steps[i].contact_area <= 0) return false;
    lo = std::min(lo, steps[i].contact_x);
    hi = std::max(hi, steps[i].contact_x);
  }
  return hi - lo < kStillTravel;
}

// Registers the frame against the print, checks the seam, and stitches it.
void RollStitcher::State::place(const hal::Frame& frame, const stitch::ContactMap& map, StitchStep& step) {
  stitch::Window window = trailing_window(map);
  stitch::Match match = stitch::register_frame(*composite, frame.pixels.data(), map, window, drift_x, drift_y, kSearchReach);
  if (match.found) {
    step.seam_match = match.score;
    if (match.score < options.min_seam_match) {
      reject(RollRejection::kSlipped,
             format("ridges break along the seam (match %.2f): the finger smeared or slid", match.score),
             frame.sequence);
      return;
    }
    drift_x = match.shift_x;
    drift_y = match.shift_y;
  }
  step.drift_x = drift_x;
  step.drift_y = drift_y;
  if (std::hypot(drift_x, drift_y) > options.max_drift) {
    reject(RollRejection::kSlipped,
           format("the skin slid %.0f px over the glass (limit %.1f): keep the finger pressed while rolling",
                  std::hypot(drift_x, drift_y), options.max_drift),
           frame.sequence);
    return;
  }
  double half_width = std::max(16.0, (map.last_x - map.first_x + 1) / 2.0);
  double gain = std::min(1.0, map.area / peak_area);
  composite->add(frame.pixels.data(), map, map.centre_x, half_width, drift_x, drift_y, gain * gain);
  step.stitched = true;
}

// Too far between two frames received: faster than a strip per frame, or,
// across lost frames, more than two strips (one lost frame at a good pace is
// bridged: the seam check in place() still proves the ridges continue).
bool RollStitcher::State::jumped(double advance, std::uint32_t gap) const {
  double per_frame = std::abs(advance) / std::max<std::uint32_t>(gap, 1);
  return per_frame > options.max_advance || std::abs(advance) > 2 * options.max_advance;
}

// The contact line jumped more than a strip is wide. Judged per frame
// interval, so that frames lost on the way do not blame the citizen's speed;
// either way the print would have a gap.
void RollStitcher::State::reject_jump(double advance, std::uint32_t gap, std::uint32_t sequence) {
  double per_frame = std::abs(advance) / std::max<std::uint32_t>(gap, 1);
  if (per_frame > options.max_advance) {
    std::string lost = gap > 1 ? format(" (%.0f frames were lost)", gap - 1.0) : "";
    reject(RollRejection::kTooFast,
           format("rolled %.1f px between frames (limit %.1f): roll more slowly", per_frame, options.max_advance) + lost,
           sequence);
    return;
  }
  reject(RollRejection::kFramesLost,
         format("%.0f frames from the scanner were lost (the station fell behind), leaving %.0f px of the finger "
                "unseen: roll again",
                gap - 1.0, std::abs(advance) - 2 * options.max_advance),
         sequence);
}

void RollStitcher::State::roll(const hal::Frame& frame, const stitch::ContactMap& map, StitchStep& step) {
  bool touching = map.area >= kLiftShare * peak_area && map.area > 0;
  if (lifted_at) {
    if (map.area >= kReturnShare * peak_area) {
      reject(RollRejection::kLifted, "the finger left the glass and came back: roll again in one movement",
             frame.sequence);
    } else if (frame.sequence - *lifted_at >= options.lift_grace_frames) {
      conclude(*lifted_at);
    }
    return;
  }
  if (!touching) {
    lifted_at = frame.sequence;
    return;
  }
  step.advance = map.centre_x - last_x;
  if (jumped(step.advance, frame.sequence - previous_sequence)) {
    reject_jump(step.advance, frame.sequence - previous_sequence, frame.sequence);
    return;
  }
  peak_area = std::max(peak_area, map.area);
  if (direction == 0 && std::abs(map.centre_x - start_x) >= kDirectionTravel) direction = map.centre_x > start_x ? 1 : -1;
  place(frame, map, step);
  if (phase != RollPhase::kRolling) return;
  last_x = map.centre_x;
  if (direction != 0) {
    double travel = direction * (map.centre_x - start_x);
    if (travel < furthest - 2 * options.max_drift) {
      reject(RollRejection::kSlipped, format("the finger rolled back %.0f px", furthest - travel), frame.sequence);
      return;
    }
    furthest = std::max(furthest, travel);
  }
}

RollStitcher::RollStitcher(StitchOptions options) : state_(std::make_unique<State>()) { state_->options = options; }
RollStitcher::~RollStitcher() = default;
RollStitcher::RollStitcher(RollStitcher&&) noexcept = default;
RollStitcher& RollStitcher::operator=(RollStitcher&&) noexcept = default;

hal::Result<StitchStep> RollStitcher::push(const hal::Frame& frame) {
  State& s = *state_;
  if (s.phase == RollPhase::kDone || s.phase == RollPhase::kRejected) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition, "the roll has already ended; start a new stitcher");
  }
  if (frame.width < stitch::kBlock || frame.height < stitch::kBlock || frame.width > kMaxSide || frame.height > kMaxSide ||
      frame.pixels.size() != std::size_t{frame.width} * frame.height) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "frame " + std::to_string(frame.sequence) + " is " + std::to_string(frame.width) + "x" +
                               std::to_string(frame.height) + " with " + std::to_string(frame.pixels.size()) +
                               " bytes; expected 8..4096 a side and one byte per pixel");
  }
  if (!s.composite) s.composite.emplace(frame.width, frame.height);
  if (frame.width != s.composite->width() || frame.height != s.composite->height()) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "frame " + std::to_string(frame.sequence) + " is " + std::to_string(frame.width) + "x" +
                               std::to_string(frame.height) + ", earlier frames were " +
                               std::to_string(s.composite->width()) + "x" + std::to_string(s.composite->height()));
  }
  stitch::ContactMap map = stitch::map_contact(frame.pixels.data(), frame.width, frame.height);
  StitchStep step;
  step.sequence = frame.sequence;
  step.contact_area = map.area;
  step.contact_x = map.centre_x;
  step.drift_x = s.drift_x;
  step.drift_y = s.drift_y;
  if (map.area > 0) s.paper = map.paper;
  if (s.phase == RollPhase::kWaiting && map.area >= s.options.start_area) {
    s.phase = RollPhase::kRolling;
    s.start_x = s.last_x = map.centre_x;
    s.peak_area = map.area;
  }
  if (s.phase == RollPhase::kRolling) {
    s.roll(frame, map, step);
    if (s.phase == RollPhase::kRolling && s.resting()) s.conclude(frame.sequence);
  }
  s.previous_sequence = frame.sequence;
  step.phase = s.phase;
  s.steps.push_back(step);
  return step;
}

void RollStitcher::finish() {
  State& s = *state_;
  if (s.phase == RollPhase::kDone || s.phase == RollPhase::kRejected) return;
  std::uint32_t last = s.steps.empty() ? 0 : s.steps.back().sequence;
  if (s.phase == RollPhase::kWaiting) {
    s.reject(RollRejection::kPartial, "no finger was rolled", last);
    return;
  }
  s.conclude(s.lifted_at.value_or(last));
}

RollPhase RollStitcher::phase() const { return state_->phase; }
const RollVerdict& RollStitcher::verdict() const { return state_->verdict; }
const std::vector<StitchStep>& RollStitcher::steps() const { return state_->steps; }

GreyImage RollStitcher::composite() const {
  return state_->composite ? state_->composite->image(state_->paper) : GreyImage{};
}

GreyImage RollStitcher::preview(std::uint32_t factor) const {
  if (!state_->composite) return {};
  return state_->composite->preview(std::clamp(factor, 1u, 16u), state_->paper);
}

}  // namespace station::biometrics
