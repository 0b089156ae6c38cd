#include "station/biometrics/synthetic_hand.hpp"

#include <algorithm>
#include <string>

#include "ink.hpp"

namespace station::biometrics {

namespace {

hal::Status check_position(int position) {
  if (position < 1 || position > 10) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "finger position must be 1..10, not " + std::to_string(position));
  }
  return {};
}

// Empty glass, with the same kind of noise the rolls carry.
void draw_empty(std::uint32_t index, std::span<std::uint8_t> pixels) {
  std::uint32_t state = 0x9E3779B9u ^ (index * 0x85EBCA6Bu) ^ 1u;
  for (auto& p : pixels) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    int noise = static_cast<int>(state & 7) - 3;
    p = static_cast<std::uint8_t>(synthetic::kPlatenGrey + noise);
  }
}

}  // namespace

SyntheticHand::SyntheticHand(std::uint64_t seed, std::uint32_t width, std::uint32_t height)
    : seed_(seed), width_(width), height_(height) {}

hal::Status SyntheticHand::present(int position) {
  HAL_TRY(check_position(position));
  // Grown now, before the scanner streams, so the roll's timing starts with a finger ready.
  if (!finger(position)) {
    return hal::make_error(hal::ErrorCode::kInternal,
                           "the synthetic finger at position " + std::to_string(position) + " could not be grown");
  }
  presented_ = position;
  return {};
}

hal::Status SyntheticHand::plan_fault(int position, std::uint32_t attempt, RollFault fault) {
  HAL_TRY(check_position(position));
  if (attempt == 0) return hal::make_error(hal::ErrorCode::kInvalidArgument, "attempts count from 1");
  faults_[{position, attempt}] = fault;
  return {};
}

std::string_view to_string(SequenceFault fault) {
  switch (fault) {
    case SequenceFault::kMissingFinger:
      return "missing finger";
    case SequenceFault::kSwappedHand:
      return "swapped hand";
    case SequenceFault::kRolledTwice:
      return "finger rolled twice";
    case SequenceFault::kOutOfOrder:
      return "fingers rolled out of order";
  }
  return "?";
}

hal::Status SyntheticHand::plan_sequence_fault(SequenceFault fault, int a, int b) {
  if (fault == SequenceFault::kSwappedHand) {
    swapped_hands_ = true;
    return {};
  }
  HAL_TRY(check_position(a));
  if (fault == SequenceFault::kMissingFinger) {
    missing_ = a;
    return {};
  }
  HAL_TRY(check_position(b));
  if (a == b) return hal::make_error(hal::ErrorCode::kInvalidArgument, "a sequence mistake needs two different fingers");
  if (fault == SequenceFault::kRolledTwice) {
    roll_shows_[b] = a;
  } else {
    roll_shows_[a] = b;
    roll_shows_[b] = a;
  }
  return {};
}

int SyntheticHand::rolled_finger(int position) const {
  auto it = roll_shows_.find(position);
  return it == roll_shows_.end() ? position : it->second;
}

int SyntheticHand::slapped_finger(SlapKind kind, std::size_t slot) const {
  std::span<const int> slots = slap_positions(kind);
  if (slot >= slots.size()) return 0;
  if (swapped_hands_ && kind != SlapKind::kThumbs) {
    slots = slap_positions(kind == SlapKind::kRightFour ? SlapKind::kLeftFour : SlapKind::kRightFour);
  }
  return missing_ == slots[slot] ? 0 : slots[slot];
}

hal::Result<SyntheticSlap> SyntheticHand::slap(SlapKind kind, const FlatOptions& options, std::uint32_t width,
                                                std::uint32_t height) {
  std::vector<SlapFinger> fingers;
  for (std::size_t slot = 0; slot < slap_positions(kind).size(); ++slot) {
    int shown = slapped_finger(kind, slot);
    const SyntheticFinger* f = shown ? finger(shown) : nullptr;
    if (shown && !f) return hal::make_error(hal::ErrorCode::kInternal, "the synthetic finger at position " + std::to_string(shown) + " could not be grown");
    fingers.push_back({f, shown});
  }
  return render_slap(kind, fingers, options, width, height);
}

const SyntheticFinger* SyntheticHand::finger(int position) {
  if (position < 1 || position > 10) return nullptr;
  auto it = fingers_.find(position);
  if (it != fingers_.end()) return &it->second;
  SyntheticFingerOptions options = finger_options(position);
  options.width = width_;
  options.height = height_;
  options.finger_width = std::min(options.finger_width, width_ - 24.0);
  auto grown = make_synthetic_finger(finger_seed(seed_, position), options);
  if (!grown) return nullptr;
  return &fingers_.emplace(position, std::move(grown).value()).first->second;
}

void SyntheticHand::begin_flat_session() {
  slap_.reset();
  FlatOptions options;
  options.seed = seed_ ^ (0xF1A7ull * ++slap_sessions_);
  auto drawn = slap(presented_slap_, options, kFlatWidth, kFlatHeight);
  if (drawn) slap_ = std::make_unique<SyntheticSlap>(std::move(drawn).value());
}

void SyntheticHand::begin_session() {
  roll_.reset();
  if (flat_) return begin_flat_session();
  if (!presented_) return;
  int position = *presented_;
  std::uint32_t attempt = ++sessions_[position];
  const SyntheticFinger* f = finger(rolled_finger(position));
  if (!f) return;
  RollOptions options;
  auto fault = faults_.find({position, attempt});
  options.fault = fault == faults_.end() ? RollFault::kNone : fault->second;
  options.seed = finger_seed(seed_, position) ^ attempt;
  // Right-hand fingers roll leftwards, left-hand ones rightwards (towards the thumb side).
  options.left_to_right = position > 5;
  auto roll = SyntheticRoll::make(*f, options);
  if (roll) roll_ = std::make_unique<SyntheticRoll>(std::move(roll).value());
}

void SyntheticHand::draw(std::uint32_t index, std::span<std::uint8_t> pixels) {
  constexpr std::uint32_t kLandingFrames = 3;  // the hand comes down onto the glass
  if (flat_) {
    if (slap_ && index >= kLandingFrames && pixels.size() == slap_->image.size()) {
      std::copy(slap_->image.pixels().begin(), slap_->image.pixels().end(), pixels.begin());
    } else {
      draw_empty(index, pixels);
    }
    return;
  }
  if (roll_ && pixels.size() == std::size_t{roll_->width()} * roll_->height()) {
    roll_->render(index, pixels);
  } else {
    draw_empty(index, pixels);
  }
}

}  // namespace station::biometrics
