// A dossier's state column is plain text that someone with the disk can
// edit (sealed back to draft to edit it again, batched back to sealed to
// send it again). Its history in the audit log is not: draft.create, then
// each state.change "FROM -> TO", every one following the one before by a
// move the state diagram allows. The column must be where that history
// ends.
#pragma once

#include <string_view>

#include "hal/result.hpp"
#include "sqlite.hpp"
#include "station/store/dossier_state.hpp"

namespace station::store {

// kCorrupt naming the dossier, the entry and both states when the column
// and the history disagree, or the history is no path the store takes.
// `pruned_seq` > 0 lets a purged dossier's history be pruned away.
hal::Status check_state_history(const Database& db, std::string_view id, DossierState recorded, std::int64_t pruned_seq);

}  // namespace station::store
