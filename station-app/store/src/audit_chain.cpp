#include "audit_chain.hpp"

#include "audit_log.hpp"
#include "crypto.hpp"

namespace station::store {

namespace {

hal::Bytes chain_hash(hal::ByteView prev_hash, const AuditEntry& entry) {
  hal::Bytes input(prev_hash.begin(), prev_hash.end());
  auto canonical = canonical_entry(entry);
  input.insert(input.end(), canonical.begin(), canonical.end());
  return sha256(input);
}

// Blobs from before schema version 4 default to empty: read them as "none".
hal::Bytes hash_or_none(hal::Bytes bytes) { return bytes.empty() ? kNoHash : bytes; }

}  // namespace

hal::Result<StateRow> read_state(const Database& db) {
  auto q = db.prepare(
      "SELECT last_seq, last_hash, acknowledged_seq, acknowledged_head, pruned_seq, pruned_hash FROM audit_state",
      "reading the audit log's head");
  if (!q) return q.error();
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) {
    return hal::make_error(hal::ErrorCode::kCorrupt, "the audit log's head record is missing; the database was altered");
  }
  return StateRow{q->integer(0), q->blob(1), q->integer(2), hash_or_none(q->blob(3)), q->integer(4), q->blob(5)};
}

hal::Status for_each_entry(const Database& db, std::int64_t after_seq, const std::function<bool(const StoredEntry&)>& visit) {
  auto q = db.prepare("SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit WHERE seq > ? ORDER BY seq",
                      "reading the audit log");
  if (!q) return q.error();
  q->bind(1, after_seq);
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return {};
    StoredEntry e{{q->integer(0), q->integer(1), q->text(2), q->text(3), q->text(4), q->text(5)}, q->blob(6), q->blob(7)};
    if (!visit(e)) return {};
  }
}

hal::Result<std::vector<AuditHead>> read_heads(const Database& db) {
  auto q = db.prepare(
      "SELECT seq, hash, signed_at, key_id, signature, format, acknowledged_seq, acknowledged_head, pruned_seq, "
      "pruned_hash, previous_seq, previous_digest FROM audit_heads ORDER BY seq",
      "reading the audit log's signed heads");
  if (!q) return q.error();
  std::vector<AuditHead> heads;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return heads;
    AuditHead h;
    h.seq = q->integer(0);
    h.hash = q->blob(1);
    h.signed_at_ms = q->integer(2);
    h.key_id = q->text(3);
    h.signature = q->blob(4);
    h.format = static_cast<int>(q->integer(5));
    h.acknowledged_seq = q->integer(6);
    h.acknowledged_head = q->blob(7);
    h.pruned_seq = q->integer(8);
    h.pruned_hash = q->blob(9);
    h.previous_seq = q->integer(10);
    h.previous_digest = q->blob(11);
    heads.push_back(std::move(h));
  }
}

std::string entry_name(std::int64_t seq) { return "audit entry " + std::to_string(seq); }
std::string head_name(std::int64_t seq) { return "the signed head at audit entry " + std::to_string(seq); }

ChainWalk::ChainWalk(std::int64_t anchor_seq, hal::Bytes anchor_hash)
    : expected_seq_(anchor_seq + 1), hash_(std::move(anchor_hash)) {}

bool ChainWalk::visit(const StoredEntry& e) {
  ++checked_;
  if (e.entry.seq != expected_seq_) {
    fail(expected_seq_, entry_name(expected_seq_) + " is missing: the log jumps from entry " +
                            std::to_string(expected_seq_ - 1) + " to " + std::to_string(e.entry.seq));
    return false;
  }
  if (e.prev_hash != hash_) {
    fail(e.entry.seq, entry_name(e.entry.seq) + " does not follow entry " + std::to_string(e.entry.seq - 1) +
                          ": the previous-entry hash it holds differs (one of the two was altered or replaced)");
    return false;
  }
  if (chain_hash(e.prev_hash, e.entry) != e.hash) {
    fail(e.entry.seq, entry_name(e.entry.seq) + " was altered: its content no longer matches its hash");
    return false;
  }
  hash_ = e.hash;
  if (wanted_.count(e.entry.seq)) wanted_[e.entry.seq] = e.hash;
  if (e.entry.action == kAcknowledgeAction || e.entry.action == kPruneAction) state_changes_.push_back(e.entry.seq);
  ++expected_seq_;
  return true;
}

std::optional<hal::Bytes> ChainWalk::hash_at(std::int64_t seq) const {
  auto it = wanted_.find(seq);
  if (it == wanted_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

void ChainWalk::fail(std::int64_t seq, std::string reason) {
  if (!broken_ || seq < broken_->seq) broken_ = BrokenLink{seq, std::move(reason)};
}

}  // namespace station::store
