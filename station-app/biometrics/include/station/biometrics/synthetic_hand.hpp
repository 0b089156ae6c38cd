// One synthetic person's ten fingers on a simulated rolled-print scanner: the
// demo and training put "the citizen's finger" on the platen with present(),
// and the scanner draws each capture session's frames from here. Faults can be
// planned for given attempts, so a demo can show a re-capture.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>

#include "hal/result.hpp"
#include "station/biometrics/synthetic_roll.hpp"

namespace station::biometrics {

class SyntheticHand {
 public:
  // Frames are width x height (the platen); fingers are grown on first use.
  explicit SyntheticHand(std::uint64_t seed, std::uint32_t width = 800, std::uint32_t height = 750);

  // The finger the coming capture sessions show (FGP 1..10). Errors:
  // kInvalidArgument (position outside 1..10).
  hal::Status present(int position);
  // The `attempt`-th session (from 1) of finger `position` rolls with `fault`.
  // Errors: kInvalidArgument (position outside 1..10, attempt 0).
  hal::Status plan_fault(int position, std::uint32_t attempt, RollFault fault);

  // Scanner side. A session starts: the presented finger is rolled again.
  void begin_session();
  // Draws frame `index` of the session; the empty platen when no finger is
  // presented (or it could not be grown).
  void draw(std::uint32_t index, std::span<std::uint8_t> pixels);

  std::uint32_t width() const { return width_; }
  std::uint32_t height() const { return height_; }
  std::uint64_t seed() const { return seed_; }
  // The roll of the running session, for scoring; nullptr before the first.
  const SyntheticRoll* current_roll() const { return roll_.get(); }

 private:
  const SyntheticFinger* finger(int position);

  std::uint64_t seed_;
  std::uint32_t width_, height_;
  std::optional<int> presented_;
  std::map<int, SyntheticFinger> fingers_;
  std::map<int, std::uint32_t> sessions_;  // per finger
  std::map<std::pair<int, std::uint32_t>, RollFault> faults_;
  std::unique_ptr<SyntheticRoll> roll_;
};

}  // namespace station::biometrics
