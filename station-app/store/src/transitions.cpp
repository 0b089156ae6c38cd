// Moving a dossier along draft -> sealed -> ... -> purged, one transaction
// per step.
#include "audit_log.hpp"
#include "record_format.hpp"
#include "station/dossier/serialization.hpp"
#include "store_impl.hpp"

namespace station::store {

namespace {

using hal::ErrorCode;

std::string move_detail(DossierState from, DossierState to) {
  return std::string(to_string(from)) + " -> " + std::string(to_string(to));
}

// Purging keeps the demographics and the record of delivery; the face and
// the fingers go (secure_delete zeroes their pages).
hal::Status remove_biometrics(const Database& db, std::string_view id) {
  std::string doing = "purging the biometrics of dossier " + std::string(id);
  auto erase = db.prepare("DELETE FROM records WHERE dossier_id = ? AND (kind = 'face' OR kind LIKE 'finger.%')", doing);
  if (!erase) return erase.error();
  HAL_TRY(erase->bind(1, id).run());
  auto resize = db.prepare(
      "UPDATE dossiers SET payload_bytes = (SELECT COALESCE(SUM(length(sealed_payload)), 0) FROM records "
      "WHERE dossier_id = ?1) WHERE id = ?1",
      doing);
  if (!resize) return resize.error();
  return resize->bind(1, id).run();
}

// What a refusal by the registry needs before the dossier is sealed again:
// a supervisor who approves it (the officer who corrected it cannot).
hal::Status require_reseal_approval(const DossierRow& row, std::string_view supervisor_id) {
  if (row.state != DossierState::kRejected) return {};
  if (supervisor_id.empty()) {
    return hal::make_error(ErrorCode::kPermissionDenied,
                           "dossier " + row.id + " was rejected by the registry; sealing it again needs a "
                           "supervisor's approval (station dossier reseal " + row.id + " --as SUPERVISOR)");
  }
  return {};
}

}  // namespace

hal::Status Store::transition(std::string_view id, DossierState to, std::string_view actor) {
  auto& s = *impl_;
  if (to == DossierState::kSealed) return s.seal(id, actor, {});
  std::string doing = "moving dossier " + std::string(id) + " to " + std::string(to_string(to));
  auto tx = Transaction::begin(s.db(), doing);
  if (!tx) return tx.error();
  auto row = s.read_row(id);
  if (!row) return row.error();
  HAL_TRY(s.move_state(*row, to, actor));
  HAL_TRY(tx->commit());
  s.sign_audit_head_when_due();
  return {};
}

// The move itself, inside the caller's transaction (sync moves a batch's
// dossiers in the transaction that records the batch).
hal::Status Store::Impl::move_state(const DossierRow& row, DossierState to, std::string_view actor,
                                    std::string_view note) {
  const std::string& id = row.id;
  HAL_TRY(check_state(row));
  auto allowed = check_transition(row.state, to);
  if (!allowed) return hal::make_error(allowed.error().code, "dossier " + id + ": " + allowed.error().message);
  std::string doing = "moving dossier " + id + " to " + std::string(to_string(to));
  if (to == DossierState::kPurged) HAL_TRY(remove_biometrics(db_, id));
  auto update = db_.prepare("UPDATE dossiers SET state = ?, state_changed_at = ? WHERE id = ?", doing);
  if (!update) return update.error();
  std::int64_t now = now_ms();
  HAL_TRY(update->bind(1, to_string(to)).bind(2, now).bind(3, id).run());
  return append_audit(db_, now, std::string(actor), "state.change", id,
                      move_detail(row.state, to) + (note.empty() ? "" : "; " + std::string(note)));
}

// Sealing reads and checks the whole dossier and signs its hash before the
// transaction, so the token's slowness never holds the write lock; the
// revision counter then proves nothing changed in between.
hal::Status Store::Impl::seal(std::string_view id, std::string_view actor, std::string_view supervisor_id) {
  auto row = read_row(id);
  if (!row) return row.error();
  auto allowed = check_transition(row->state, DossierState::kSealed);
  if (!allowed) return hal::make_error(allowed.error().code, "dossier " + std::string(id) + ": " + allowed.error().message);
  HAL_TRY(require_reseal_approval(*row, supervisor_id));
  auto dossier = decrypt_dossier(*row);
  if (!dossier) return dossier.error();
  auto problems = dossier::validate(*dossier, dossier::Stage::kSeal, options_.quality,
                                    dossier::civil_date(from_millis(now_ms())));
  if (!problems.empty()) return dossier::to_error(problems, "dossier " + std::string(id) + " cannot be sealed yet");
  hal::Bytes encoded = dossier::encode(*dossier);
  hal::Bytes content_hash = sha256(encoded);
  wipe(encoded);
  auto store = keys("sealing dossier " + std::string(id));
  if (!store) return store.error();
  auto signature = (*store)->sign(options_.sign_key, seal_message(id, content_hash), hal::SignatureScheme::kEcdsaSha256);
  if (!signature) return signature.error();

  std::string doing = "sealing dossier " + std::string(id);
  auto tx = Transaction::begin(db_, doing);
  if (!tx) return tx.error();
  auto current = read_row(id);
  if (!current) return current.error();
  HAL_TRY(check_state(*current));
  if (current->state != row->state || current->revision != row->revision) {
    return hal::make_error(ErrorCode::kFailedPrecondition,
                           "dossier " + std::string(id) + " changed while it was being sealed; review it and seal again");
  }
  const bool reseal = row->state == DossierState::kRejected;
  auto update = db_.prepare(
      reseal ? "UPDATE dossiers SET state = 'sealed', state_changed_at = ?1, content_hash = ?2, seal_signature = ?3, "
               "reseal_supervisor = ?5, resealed_at = ?1 WHERE id = ?4"
             : "UPDATE dossiers SET state = 'sealed', state_changed_at = ?1, content_hash = ?2, seal_signature = ?3 "
               "WHERE id = ?4",
      doing);
  if (!update) return update.error();
  std::int64_t now = now_ms();
  update->bind(1, now).bind(2, content_hash).bind(3, *signature).bind(4, id);
  if (reseal) update->bind(5, supervisor_id);
  HAL_TRY(update->run());
  HAL_TRY(append_audit(db_, now, std::string(actor), "state.change", std::string(id),
                       move_detail(row->state, DossierState::kSealed) +
                           (reseal ? "; approved by supervisor " + std::string(supervisor_id) : "") +
                           "; content sha256 " + hal::to_hex(content_hash)));
  HAL_TRY(tx->commit());
  sign_audit_head_when_due();
  return {};
}

}  // namespace station::store
