// Dossiers the registry refused: listed with its reason until an officer
// corrects them and a supervisor approves sealing them again.
#include "store_impl.hpp"

namespace station::store {

hal::Result<std::vector<Rejection>> Store::rejections() {
  auto q = impl_->db().prepare(
      "SELECT id, rejected_batch, rejection_reason, state_changed_at FROM dossiers WHERE state = 'rejected' "
      "ORDER BY state_changed_at, id",
      "listing the dossiers the registry rejected");
  if (!q) return q.error();
  std::vector<Rejection> out;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back({q->text(0), q->text(1), q->text(2), q->integer(3)});
  }
}

hal::Status Store::reseal(std::string_view id, std::string_view supervisor_id) {
  auto row = impl_->read_row(id);
  if (!row) return row.error();
  if (row->state != DossierState::kRejected) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "dossier " + std::string(id) + " is " + std::string(to_string(row->state)) +
                               "; only a dossier the registry rejected is re-sealed");
  }
  if (supervisor_id.empty()) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "re-sealing dossier " + std::string(id) + " needs the approving supervisor's id");
  }
  return impl_->seal(id, supervisor_id, supervisor_id);
}

// Inside record_receipt's transaction: the registry's reason stays on the
// dossier and in the state change's audit entry.
hal::Status Store::Impl::reject(const DossierRow& row, const std::string& batch_id, const std::string& reason,
                                std::string_view actor) {
  HAL_TRY(move_state(row, DossierState::kRejected, actor, "batch " + batch_id + ": " + reason));
  auto keep = db_.prepare("UPDATE dossiers SET rejected_batch = ?, rejection_reason = ? WHERE id = ?",
                          "keeping the registry's reason for rejecting dossier " + row.id);
  if (!keep) return keep.error();
  return keep->bind(1, batch_id).bind(2, reason).bind(3, row.id).run();
}

}  // namespace station::store
