// Where a dossier is in its life:
//   draft -> sealed -> personalized -> batched -> delivered -> purged
//              ^   \______________________/  |
//              |                              v
//              +------------------------- rejected
// "personalized" is optional: where cards are not issued at the desk a sealed
// dossier goes straight into a batch. A dossier the registry refuses is
// `rejected` (its reason kept), can be corrected there, and goes back to
// sealed only with a supervisor's approval (Store::reseal). No other step
// may be skipped, and nothing else goes back.
#pragma once

#include <string_view>
#include <vector>

#include "hal/result.hpp"

namespace station::store {

enum class DossierState { kDraft, kSealed, kPersonalized, kBatched, kDelivered, kPurged, kRejected };

std::string_view to_string(DossierState state);
// kInvalidArgument listing the states when `text` names none.
hal::Result<DossierState> parse_state(std::string_view text);
const std::vector<DossierState>& all_states();
// The states `from` may move to.
std::vector<DossierState> next_states(DossierState from);
// kFailedPrecondition naming both states (and what is allowed) when the move
// from `from` to `to` is not in the picture above.
hal::Status check_transition(DossierState from, DossierState to);

}  // namespace station::store
