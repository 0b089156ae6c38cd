// One synthetic person's ten fingers on a simulated rolled-print scanner: the
// demo and training put "the citizen's finger" on the platen with present(),
// and the scanner draws each capture session's frames from here. Faults can be
// planned for given attempts, so a demo can show a re-capture. The same hand
// gives the flat slaps (4-4-2) with the same fingers as its rolls, and the
// mistakes a ten-print sequence check must catch can be planned too.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>

#include "hal/result.hpp"
#include "station/biometrics/synthetic_roll.hpp"
#include "station/biometrics/synthetic_slap.hpp"

namespace station::biometrics {

enum class SequenceFault {
  kMissingFinger,  // finger `a` is absent from its slap
  kSwappedHand,    // the right-four slap shows the left hand and the left-four the right
  kRolledTwice,    // the roll taken for `b` shows finger `a` again
  kOutOfOrder,     // the rolls taken for `a` and `b` show each other's finger
};
std::string_view to_string(SequenceFault fault);

class SyntheticHand {
 public:
  // The slap platen the flat sessions draw (3.2 x 2.0 in at 500 ppi).
  static constexpr std::uint32_t kFlatWidth = 1600;
  static constexpr std::uint32_t kFlatHeight = 1000;

  // Frames are width x height (the platen); fingers are grown on first use.
  explicit SyntheticHand(std::uint64_t seed, std::uint32_t width = 800, std::uint32_t height = 750);

  // The finger the coming capture sessions show (FGP 1..10). Errors:
  // kInvalidArgument (position outside 1..10).
  hal::Status present(int position);
  // The `attempt`-th session (from 1) of finger `position` rolls with `fault`.
  // Errors: kInvalidArgument (position outside 1..10, attempt 0).
  hal::Status plan_fault(int position, std::uint32_t attempt, RollFault fault);
  // Plans a sequence mistake for every later roll and slap. Errors:
  // kInvalidArgument (a position outside 1..10 where one is needed, a == b).
  hal::Status plan_sequence_fault(SequenceFault fault, int a = 0, int b = 0);
  // The finger (FGP) a roll taken for `position` really shows: the truth a
  // sequence check is scored against.
  int rolled_finger(int position) const;
  // The finger (FGP) pressed in slot `slot` (left to right) of slap `kind`; 0 when empty.
  int slapped_finger(SlapKind kind, std::size_t slot) const;

  // The slap the coming flat capture sessions show.
  void present_slap(SlapKind kind) { presented_slap_ = kind; }
  // Draws a slap of this hand now (planned mistakes included). Errors: those
  // of render_slap, kInternal when a finger cannot be grown.
  hal::Result<SyntheticSlap> slap(SlapKind kind, const FlatOptions& options = {}, std::uint32_t width = 1600,
                                  std::uint32_t height = 1000);
  // The finger grown for FGP `position`, nullptr outside 1..10.
  const SyntheticFinger* finger(int position);

  // Scanner side. Sessions roll the presented finger, or in flat mode show
  // the presented slap (a few empty frames while the hand lands, then still).
  void set_flat(bool flat) { flat_ = flat; }
  void begin_session();
  // Draws frame `index` of the session; the empty platen when no finger is
  // presented (or it could not be grown).
  void draw(std::uint32_t index, std::span<std::uint8_t> pixels);

  std::uint32_t width() const { return width_; }
  std::uint32_t height() const { return height_; }
  std::uint64_t seed() const { return seed_; }
  // The roll of the running session, for scoring; nullptr before the first.
  const SyntheticRoll* current_roll() const { return roll_.get(); }
  // The slap of the running flat session; nullptr before the first.
  const SyntheticSlap* current_slap() const { return slap_.get(); }

 private:
  void begin_flat_session();

  std::uint64_t seed_;
  std::uint32_t width_, height_;
  std::optional<int> presented_;
  std::map<int, SyntheticFinger> fingers_;
  std::map<int, std::uint32_t> sessions_;  // per finger
  std::map<std::pair<int, std::uint32_t>, RollFault> faults_;
  std::unique_ptr<SyntheticRoll> roll_;
  std::map<int, int> roll_shows_;  // position -> finger really rolled, where a mistake is planned
  std::optional<int> missing_;
  bool swapped_hands_ = false;
  bool flat_ = false;
  SlapKind presented_slap_ = SlapKind::kRightFour;
  std::uint32_t slap_sessions_ = 0;
  std::unique_ptr<SyntheticSlap> slap_;
};

}  // namespace station::biometrics
