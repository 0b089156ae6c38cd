// The ten-print sequence check before a dossier is sealed: every rolled
// print against its own fingertip in the slaps, and every two rolled prints
// against each other, so a finger rolled out of order, the same finger
// rolled twice, a swapped hand or a missing slap is shown to the officer with
// the fingers named. A pure function: minutiae in, findings out; the desk
// decides what the officer sees and who may accept a finding.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "hal/result.hpp"
#include "station/biometrics/matcher.hpp"
#include "station/biometrics/minutiae.hpp"

namespace station::biometrics {

struct SequenceInput {
  std::map<int, std::vector<Minutia>> rolls;       // FGP 1..10 -> the rolled print's minutiae
  std::map<int, std::vector<Minutia>> slap_tips;   // FGP 1..10 -> its fingertip segmented from the slaps
};

enum class SequenceFindingKind {
  kMissingSlap,    // a rolled finger has no fingertip in the slaps
  kWrongPlace,     // a roll matches another finger's place in the slaps (out of order, swapped hand)
  kUnconfirmed,    // a roll matches no fingertip in the slaps: retake one or the other
  kRolledTwice,    // two rolls show the same finger
};

struct SequenceFinding {
  SequenceFindingKind kind;
  int position = 0;  // the roll concerned
  int other = 0;     // the other finger (kWrongPlace: the slap place it matched; kRolledTwice: the other roll)
  double score = 0;
  std::string message;  // for the officer, the fingers named
};

// Errors: kInvalidArgument (a position outside 1..10, or as threshold_for).
// No findings: the sequence is confirmed.
hal::Result<std::vector<SequenceFinding>> check_sequence(const SequenceInput& input, const MatchConfig& config = {});

}  // namespace station::biometrics
