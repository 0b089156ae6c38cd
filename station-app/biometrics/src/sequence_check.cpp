#include "station/biometrics/sequence_check.hpp"

#include "station/biometrics/ten_print_session.hpp"

namespace station::biometrics {

namespace {

hal::Status check_positions(const std::map<int, std::vector<Minutia>>& prints, const char* what) {
  for (const auto& [position, minutiae] : prints) {
    if (position < 1 || position > 10) {
      return hal::make_error(hal::ErrorCode::kInvalidArgument,
                             std::string("sequence check: ") + what + " at finger position " + std::to_string(position) + ", not 1..10");
    }
  }
  return {};
}

std::string name(int position) { return std::string(finger_name(position)); }

// The slap place (other than its own) the roll matches best, if any matches.
std::optional<std::pair<int, double>> best_other_place(int position, const std::vector<Minutia>& roll,
                                                       const SequenceInput& input, const MatchConfig& config) {
  std::optional<std::pair<int, double>> best;
  for (const auto& [place, tip] : input.slap_tips) {
    if (place == position) continue;
    auto r = match(roll, tip, config);
    if (r && r->same_finger && (!best || r->score > best->second)) best = std::make_pair(place, r->score);
  }
  return best;
}

std::optional<SequenceFinding> check_roll(int position, const std::vector<Minutia>& roll, const SequenceInput& input,
                                          const MatchConfig& config) {
  auto tip = input.slap_tips.find(position);
  if (tip == input.slap_tips.end()) {
    return SequenceFinding{SequenceFindingKind::kMissingSlap, position, 0, 0,
                           "the " + name(position) + " was rolled but is missing from the slaps: retake the slap"};
  }
  auto own = match(roll, tip->second, config);
  if (own && own->same_finger) return std::nullopt;
  if (auto other = best_other_place(position, roll, input, config)) {
    return SequenceFinding{SequenceFindingKind::kWrongPlace, position, other->first, other->second,
                           "the roll taken as the " + name(position) + " matches the " + name(other->first) +
                               " in the slaps: a finger rolled out of order or a hand swapped; retake"};
  }
  return SequenceFinding{SequenceFindingKind::kUnconfirmed, position, 0, own ? own->score : 0,
                         "the roll of the " + name(position) + " could not be confirmed against its slap: retake the roll or the slap"};
}

}  // namespace

hal::Result<std::vector<SequenceFinding>> check_sequence(const SequenceInput& input, const MatchConfig& config) {
  HAL_TRY(check_positions(input.rolls, "a roll"));
  HAL_TRY(check_positions(input.slap_tips, "a slap fingertip"));
  HAL_TRY(threshold_for(config.false_match_rate));
  std::vector<SequenceFinding> findings;
  for (const auto& [position, roll] : input.rolls) {
    if (auto finding = check_roll(position, roll, input, config)) findings.push_back(std::move(*finding));
  }
  for (auto a = input.rolls.begin(); a != input.rolls.end(); ++a) {
    for (auto b = std::next(a); b != input.rolls.end(); ++b) {
      auto r = match(a->second, b->second, config);
      if (!r || !r->same_finger) continue;
      findings.push_back({SequenceFindingKind::kRolledTwice, a->first, b->first, r->score,
                          "the rolls of the " + name(a->first) + " and the " + name(b->first) +
                              " show the same finger: one of them was rolled twice; retake"});
    }
  }
  return findings;
}

}  // namespace station::biometrics
