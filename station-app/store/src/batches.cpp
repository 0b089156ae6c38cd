// Sync's durable state (schema version 3): batches, receipts, custody. Each
// change is one transaction; moving a batch's dossiers happens in the same
// transaction that records the batch or its receipt, so a crash leaves
// either both or neither.
#include <algorithm>
#include <set>

#include "audit_log.hpp"
#include "store_impl.hpp"

namespace station::store {

namespace {

using hal::ErrorCode;

const hal::Bytes kNoPreviousBatch(32, 0);

bool waits_for_batch(DossierState state) {
  return state == DossierState::kSealed || state == DossierState::kPersonalized;
}

hal::Error stale(const std::string& what) {
  return hal::make_error(ErrorCode::kFailedPrecondition, what + "; nothing was recorded, build the batch again");
}

constexpr const char* kBatchColumns =
    "SELECT b.id, b.origin_station, b.sequence, b.previous_hash, b.hash, b.dossier_count, length(b.content), "
    "b.created_at, b.relayed, r.batch_id IS NOT NULL, COALESCE(r.received_at, 0), COALESCE(r.via, ''), "
    "b.attempts, b.last_attempt_at, b.last_error FROM batches b LEFT JOIN receipts r ON r.batch_id = b.id ";

BatchInfo batch_from(const Statement& q) {
  BatchInfo b;
  b.id = q.text(0);
  b.origin_station = q.text(1);
  b.sequence = q.integer(2);
  b.previous_hash = q.blob(3);
  b.hash = q.blob(4);
  b.dossier_count = q.integer(5);
  b.bytes = q.integer(6);
  b.created_at_ms = q.integer(7);
  b.relayed = q.integer(8) != 0;
  b.receipted = q.integer(9) != 0;
  b.receipt_at_ms = q.integer(10);
  b.receipt_via = q.text(11);
  b.attempts = q.integer(12);
  b.last_attempt_at_ms = q.integer(13);
  b.last_error = q.text(14);
  return b;
}

hal::Status insert_batch(const Database& db, const NewBatch& batch, std::int64_t now) {
  std::string doing = "recording batch " + batch.id;
  auto insert = db.prepare(
      "INSERT INTO batches (id, origin_station, sequence, previous_hash, hash, content, dossier_count, created_at, "
      "relayed, audit_head_seq, audit_head_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      doing);
  if (!insert) return insert.error();
  HAL_TRY(insert->bind(1, batch.id)
              .bind(2, batch.origin_station)
              .bind(3, batch.sequence)
              .bind(4, batch.previous_hash)
              .bind(5, batch.hash)
              .bind(6, batch.content)
              .bind(7, static_cast<std::int64_t>(batch.members.size()))
              .bind(8, now)
              .bind(9, static_cast<std::int64_t>(batch.relayed ? 1 : 0))
              .bind(10, batch.audit_head_seq)
              .bind(11, batch.audit_head_digest)
              .run());
  auto member = db.prepare("INSERT INTO batch_members (batch_id, dossier_id, content_hash) VALUES (?, ?, ?)", doing);
  if (!member) return member.error();
  for (const auto& m : batch.members) {
    HAL_TRY(member->bind(1, batch.id).bind(2, m.dossier_id).bind(3, m.content_hash).run());
    member->reset();
  }
  return {};
}

// The registry echoes the audit head this station's batch carried; it must
// be the one the batch was built with, and the log must still hold it.
hal::Status acknowledge_echoed_head(Store::Impl& s, const BatchInfo& batch, const VerifiedReceipt& receipt) {
  if (batch.relayed || receipt.audit_head_seq == 0) return {};
  auto q = s.db().prepare("SELECT audit_head_seq, audit_head_digest FROM batches WHERE id = ?",
                          "reading the audit head batch " + batch.id + " carried");
  if (!q) return q.error();
  q->bind(1, batch.id);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row || q->integer(0) != receipt.audit_head_seq || q->blob(1) != receipt.audit_head_digest) {
    return hal::make_error(ErrorCode::kFailedPrecondition,
                           "the receipt for batch " + batch.id + " echoes audit head " +
                               std::to_string(receipt.audit_head_seq) +
                               ", not the one the batch carried; nothing changed");
  }
  return s.acknowledge_head(receipt.audit_head_seq, receipt.audit_head_digest);
}

}  // namespace

hal::Result<ChainHead> Store::chain_head(std::string_view origin_station) {
  auto q = impl_->db().prepare(
      "SELECT sequence, hash FROM batches WHERE origin_station = ? ORDER BY sequence DESC LIMIT 1",
      "reading the chain of batches");
  if (!q) return q.error();
  q->bind(1, origin_station);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return ChainHead{1, kNoPreviousBatch};
  return ChainHead{q->integer(0) + 1, q->blob(1)};
}

hal::Status Store::record_batch(const NewBatch& batch, std::string_view actor) {
  auto& s = *impl_;
  auto tx = Transaction::begin(s.db(), "recording batch " + batch.id);
  if (!tx) return tx.error();
  auto held = batch_info(batch.id);
  if (held) {
    if (held->hash == batch.hash) return {};
    return hal::make_error(ErrorCode::kAlreadyExists,
                           "batch " + batch.id + " is already held with another hash; the copy offered is not the one "
                           "signed first (keep it aside and report it)");
  }
  if (held.error().code != ErrorCode::kNotFound) return held.error();
  auto head = chain_head(batch.origin_station);
  if (!head) return head.error();
  if (!batch.relayed && (head->next_sequence != batch.sequence || head->previous_hash != batch.previous_hash)) {
    return stale("batch " + batch.id + " does not follow the last batch of station " + batch.origin_station);
  }
  if (!batch.relayed) {
    for (const auto& m : batch.members) {
      auto row = s.read_row(m.dossier_id);
      if (!row) return row.error();
      if (!waits_for_batch(row->state)) return stale("dossier " + m.dossier_id + " is no longer waiting for a batch");
      if (row->content_hash != m.content_hash) return stale("dossier " + m.dossier_id + " changed since it was read");
      HAL_TRY(s.refuse_card_in_progress(m.dossier_id, "batching it (batch " + batch.id + ")"));
      HAL_TRY(s.move_state(*row, DossierState::kBatched, actor));
    }
  }
  std::int64_t now = s.now_ms();
  HAL_TRY(insert_batch(s.db(), batch, now));
  HAL_TRY(append_audit(s.db(), now, std::string(actor), batch.relayed ? "batch.relay" : "batch.create", batch.id,
                       std::to_string(batch.members.size()) + " dossiers, sha256 " + hal::to_hex(batch.hash)));
  HAL_TRY(tx->commit());
  s.sign_audit_head_when_due();
  return {};
}

hal::Result<std::vector<BatchInfo>> Store::list_batches(bool waiting_only) {
  std::string sql = std::string(kBatchColumns) + (waiting_only ? "WHERE r.batch_id IS NULL " : "") +
                    "ORDER BY b.created_at, b.origin_station, b.sequence";
  auto q = impl_->db().prepare(sql, "listing batches");
  if (!q) return q.error();
  std::vector<BatchInfo> out;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(batch_from(*q));
  }
  return out;
}

hal::Result<BatchInfo> Store::batch_info(std::string_view batch_id) {
  auto q = impl_->db().prepare(std::string(kBatchColumns) + "WHERE b.id = ?", "reading batch " + std::string(batch_id));
  if (!q) return q.error();
  q->bind(1, batch_id);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return hal::make_error(ErrorCode::kNotFound, "no batch '" + std::string(batch_id) + "' in this store");
  return batch_from(*q);
}

hal::Result<hal::Bytes> Store::batch_content(std::string_view batch_id) {
  auto q = impl_->db().prepare("SELECT content FROM batches WHERE id = ?", "reading batch " + std::string(batch_id));
  if (!q) return q.error();
  q->bind(1, batch_id);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return hal::make_error(ErrorCode::kNotFound, "no batch '" + std::string(batch_id) + "' in this store");
  return q->blob(0);
}

hal::Result<std::vector<BatchMember>> Store::batch_members(std::string_view batch_id) {
  auto q = impl_->db().prepare(
      "SELECT dossier_id, content_hash, outcome, outcome_detail FROM batch_members WHERE batch_id = ? "
      "ORDER BY dossier_id",
      "reading the members of batch " + std::string(batch_id));
  if (!q) return q.error();
  q->bind(1, batch_id);
  std::vector<BatchMember> out;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({q->text(0), q->blob(1), q->text(2), q->text(3)});
  }
  return out;
}

hal::Status Store::note_attempt(std::string_view batch_id, std::string_view error) {
  auto& s = *impl_;
  std::string doing = "noting an upload attempt of batch " + std::string(batch_id);
  auto tx = Transaction::begin(s.db(), doing);
  if (!tx) return tx.error();
  auto q = s.db().prepare("UPDATE batches SET attempts = attempts + 1, last_attempt_at = ?, last_error = ? WHERE id = ?",
                          doing);
  if (!q) return q.error();
  HAL_TRY(q->bind(1, s.now_ms()).bind(2, error).bind(3, batch_id).run());
  return tx->commit();
}

hal::Status Store::record_receipt(const VerifiedReceipt& receipt, std::string_view actor) {
  auto& s = *impl_;
  std::string doing = "recording the receipt of batch " + receipt.batch_id;
  auto tx = Transaction::begin(s.db(), doing);
  if (!tx) return tx.error();
  auto batch = batch_info(receipt.batch_id);
  if (!batch) return batch.error();
  if (batch->receipted) return {};
  if (batch->hash != receipt.batch_hash) {
    return hal::make_error(ErrorCode::kFailedPrecondition,
                           "the receipt for batch " + receipt.batch_id + " names another batch hash; nothing changed");
  }
  auto members = batch_members(receipt.batch_id);
  if (!members) return members.error();
  std::set<std::string> held;
  for (const auto& m : *members) held.insert(m.dossier_id);
  auto outcome = s.db().prepare(
      "UPDATE batch_members SET outcome = ?, outcome_detail = ? WHERE batch_id = ? AND dossier_id = ?", doing);
  if (!outcome) return outcome.error();
  auto set_outcome = [&](const std::string& id, const char* what, const std::string& detail) -> hal::Status {
    if (!held.count(id)) {
      return hal::make_error(ErrorCode::kFailedPrecondition,
                             "the receipt for batch " + receipt.batch_id + " names dossier " + id +
                                 ", which the batch does not hold; nothing changed");
    }
    HAL_TRY(outcome->bind(1, what).bind(2, detail).bind(3, receipt.batch_id).bind(4, id).run());
    outcome->reset();
    return {};
  };
  for (const auto& id : receipt.accepted) {
    HAL_TRY(set_outcome(id, "accepted", ""));
    if (batch->relayed) continue;
    auto row = s.read_row(id);
    if (!row) return row.error();
    if (row->state == DossierState::kBatched) HAL_TRY(s.move_state(*row, DossierState::kDelivered, actor));
  }
  for (const auto& [id, reason] : receipt.rejected) {
    HAL_TRY(set_outcome(id, "rejected", reason));
    if (batch->relayed) continue;
    auto row = s.read_row(id);
    if (!row) return row.error();
    if (row->state == DossierState::kBatched) HAL_TRY(s.reject(*row, receipt.batch_id, reason, actor));
  }
  auto keep = s.db().prepare(
      "INSERT INTO receipts (batch_id, content, received_at, via, audit_head_seq, audit_head_digest) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      doing);
  if (!keep) return keep.error();
  std::int64_t now = s.now_ms();
  keep->bind(1, receipt.batch_id).bind(2, receipt.content).bind(3, now).bind(4, receipt.via);
  HAL_TRY(keep->bind(5, receipt.audit_head_seq).bind(6, receipt.audit_head_digest).run());
  HAL_TRY(acknowledge_echoed_head(s, *batch, receipt));
  HAL_TRY(append_audit(s.db(), now, std::string(actor), "batch.receipt", receipt.batch_id,
                       std::to_string(receipt.accepted.size()) + " accepted, " +
                           std::to_string(receipt.rejected.size()) + " rejected, via " + receipt.via));
  HAL_TRY(tx->commit());
  s.sign_audit_head_when_due();
  return {};
}

hal::Result<hal::Bytes> Store::receipt_content(std::string_view batch_id) {
  auto q = impl_->db().prepare("SELECT content FROM receipts WHERE batch_id = ?",
                               "reading the receipt of batch " + std::string(batch_id));
  if (!q) return q.error();
  q->bind(1, batch_id);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return hal::make_error(ErrorCode::kNotFound, "no receipt for batch '" + std::string(batch_id) + "' yet");
  return q->blob(0);
}

hal::Result<std::int64_t> Store::purge_delivered(std::chrono::seconds retention, std::string_view actor) {
  const std::int64_t cutoff = impl_->now_ms() - std::chrono::duration_cast<std::chrono::milliseconds>(retention).count();
  auto q = impl_->db().prepare(
      "SELECT DISTINCT d.id FROM dossiers d JOIN batch_members m ON m.dossier_id = d.id "
      "JOIN receipts r ON r.batch_id = m.batch_id WHERE d.state = 'delivered' AND m.outcome = 'accepted' "
      "AND r.received_at <= ? ORDER BY d.id",
      "finding delivered dossiers past their retention");
  if (!q) return q.error();
  q->bind(1, cutoff);
  std::vector<std::string> due;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) break;
    due.push_back(q->text(0));
  }
  for (const auto& id : due) HAL_TRY(transition(id, DossierState::kPurged, actor));
  return static_cast<std::int64_t>(due.size());
}

hal::Status Store::record_custody(const CustodyRecord& record) {
  auto& s = *impl_;
  std::string doing = "recording custody of batch " + record.batch_id;
  auto tx = Transaction::begin(s.db(), doing);
  if (!tx) return tx.error();
  auto q = s.db().prepare("INSERT INTO custody (at, action, batch_id, medium, actor, detail) VALUES (?, ?, ?, ?, ?, ?)",
                          doing);
  if (!q) return q.error();
  std::int64_t now = s.now_ms();
  HAL_TRY(q->bind(1, now)
              .bind(2, record.action)
              .bind(3, record.batch_id)
              .bind(4, record.medium)
              .bind(5, record.actor)
              .bind(6, record.detail)
              .run());
  HAL_TRY(append_audit(s.db(), now, record.actor, "custody." + record.action, record.batch_id, record.medium));
  return tx->commit();
}

hal::Result<std::vector<CustodyRecord>> Store::custody_log() {
  auto q = impl_->db().prepare("SELECT seq, at, action, batch_id, medium, actor, detail FROM custody ORDER BY seq",
                               "reading the custody log");
  if (!q) return q.error();
  std::vector<CustodyRecord> out;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({q->integer(0), q->integer(1), q->text(2), q->text(3), q->text(4), q->text(5), q->text(6)});
  }
  return out;
}

}  // namespace station::store
