#include "audit_log.hpp"

#include <map>

#include "byte_layout.hpp"
#include "crypto.hpp"

namespace station::store {

namespace {

using hal::ErrorCode;

constexpr std::string_view kHeadDomain = "station audit head v1";

hal::Bytes chain_hash(hal::ByteView prev_hash, const AuditEntry& entry) {
  hal::Bytes input(prev_hash.begin(), prev_hash.end());
  auto canonical = canonical_entry(entry);
  input.insert(input.end(), canonical.begin(), canonical.end());
  return sha256(input);
}

struct StateRow {
  std::int64_t last_seq = 0;
  hal::Bytes last_hash;
  std::int64_t acknowledged_seq = 0;
  std::int64_t pruned_seq = 0;
  hal::Bytes pruned_hash;
};

hal::Result<StateRow> read_state(const Database& db) {
  constexpr std::string_view doing = "reading the audit log's head";
  auto q = db.prepare("SELECT last_seq, last_hash, acknowledged_seq, pruned_seq, pruned_hash FROM audit_state", doing);
  if (!q) return q.error();
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return hal::make_error(ErrorCode::kCorrupt, "the audit log's head record is missing; the database was altered");
  return StateRow{q->integer(0), q->blob(1), q->integer(2), q->integer(3), q->blob(4)};
}

struct StoredEntry {
  AuditEntry entry;
  hal::Bytes prev_hash;
  hal::Bytes hash;
};

// Calls `visit` for every entry after `after_seq`, in order; stops at the
// first visit that returns false.
template <typename Visit>
hal::Status for_each_entry(const Database& db, std::int64_t after_seq, Visit visit) {
  auto q = db.prepare("SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit WHERE seq > ? ORDER BY seq",
                      "reading the audit log");
  if (!q) return q.error();
  q->bind(1, after_seq);
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return {};
    StoredEntry e{{q->integer(0), q->integer(1), q->text(2), q->text(3), q->text(4), q->text(5)},
                  q->blob(6),
                  q->blob(7)};
    if (!visit(e)) return {};
  }
}

std::string entry_name(std::int64_t seq) { return "audit entry " + std::to_string(seq); }

// Follows the chain from an anchor: entry numbers must run on without a gap,
// each must name the previous entry's hash, and each hash must match its
// entry. Keeps the hashes at `wanted_seqs` for comparison with signed heads.
class ChainWalk {
 public:
  ChainWalk(std::int64_t anchor_seq, hal::Bytes anchor_hash) : expected_seq_(anchor_seq + 1), hash_(std::move(anchor_hash)) {}

  bool visit(const StoredEntry& e) {
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
    ++expected_seq_;
    return true;
  }

  void want_hash_at(std::int64_t seq) { wanted_[seq] = {}; }
  std::optional<hal::Bytes> hash_at(std::int64_t seq) const {
    auto it = wanted_.find(seq);
    if (it == wanted_.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }
  const std::optional<BrokenLink>& broken() const { return broken_; }
  std::int64_t last_seq() const { return expected_seq_ - 1; }
  const hal::Bytes& last_hash() const { return hash_; }
  std::int64_t checked() const { return checked_; }

  void fail(std::int64_t seq, std::string reason) {
    if (!broken_ || seq < broken_->seq) broken_ = BrokenLink{seq, std::move(reason)};
  }

 private:
  std::int64_t expected_seq_;
  hal::Bytes hash_;
  std::map<std::int64_t, hal::Bytes> wanted_;
  std::optional<BrokenLink> broken_;
  std::int64_t checked_ = 0;
};

hal::Result<std::vector<AuditHead>> read_heads(const Database& db, std::int64_t after_seq) {
  auto q = db.prepare("SELECT seq, hash, signed_at, key_id, signature FROM audit_heads WHERE seq > ? ORDER BY seq",
                      "reading the audit log's signed heads");
  if (!q) return q.error();
  q->bind(1, after_seq);
  std::vector<AuditHead> heads;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return heads;
    heads.push_back({q->integer(0), q->blob(1), q->integer(2), q->text(3), q->blob(4)});
  }
}

// Checks a signed head against its signature and against the chain.
void check_head(ChainWalk& walk, const AuditHead& head, const std::optional<hal::Bytes>& signer_spki,
                std::int64_t pruned_seq, AuditReport& report) {
  std::string name = "the signed head at audit entry " + std::to_string(head.seq);
  if (signer_spki) {
    auto valid = ecdsa_signature_valid(*signer_spki, head_message(head.seq, head.hash), head.signature);
    if (!valid || !*valid) {
      walk.fail(head.seq, name + " does not carry a valid signature of the station key (forged or altered)");
      return;
    }
    ++report.heads_checked;
  }
  if (head.seq <= pruned_seq) return;
  if (head.seq > walk.last_seq()) {
    walk.fail(walk.last_seq() + 1, name + " covers entries up to " + std::to_string(head.seq) +
                                       " but the log ends at " + std::to_string(walk.last_seq()) +
                                       ": entries were deleted from its end");
    return;
  }
  auto chained = walk.hash_at(head.seq);
  if (chained && *chained != head.hash) {
    walk.fail(head.seq, entry_name(head.seq) + " differs from " + name +
                            ": the entries up to it were rewritten after they were signed");
  }
}

}  // namespace

hal::Bytes canonical_entry(const AuditEntry& entry) {
  hal::Bytes out;
  put_u64(out, static_cast<std::uint64_t>(entry.seq));
  put_u64(out, static_cast<std::uint64_t>(entry.at_ms));
  put_text(out, entry.actor);
  put_text(out, entry.action);
  put_text(out, entry.object);
  put_text(out, entry.detail);
  return out;
}

hal::Bytes head_message(std::int64_t seq, hal::ByteView hash) {
  hal::Bytes out(kHeadDomain.begin(), kHeadDomain.end());
  put_u64(out, static_cast<std::uint64_t>(seq));
  out.insert(out.end(), hash.begin(), hash.end());
  return out;
}

hal::Status append_audit(const Database& db, std::int64_t at_ms, const std::string& actor, const std::string& action,
                         const std::string& object, const std::string& detail) {
  auto state = read_state(db);
  if (!state) return state.error();
  AuditEntry entry{state->last_seq + 1, at_ms, actor, action, object, detail};
  hal::Bytes hash = chain_hash(state->last_hash, entry);
  constexpr std::string_view doing = "appending to the audit log";
  auto insert = db.prepare(
      "INSERT INTO audit (seq, at, actor, action, object, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", doing);
  if (!insert) return insert.error();
  insert->bind(1, entry.seq).bind(2, entry.at_ms).bind(3, actor).bind(4, action).bind(5, object).bind(6, detail);
  HAL_TRY(insert->bind(7, state->last_hash).bind(8, hash).run());
  auto update = db.prepare("UPDATE audit_state SET last_seq = ?, last_hash = ? WHERE id = 1", doing);
  if (!update) return update.error();
  return update->bind(1, entry.seq).bind(2, hash).run();
}

hal::Result<AuditReport> verify_audit(const Database& db, const std::optional<hal::Bytes>& signer_spki) {
  auto state = read_state(db);
  if (!state) return state.error();
  auto heads = read_heads(db, 0);
  if (!heads) return heads.error();
  AuditReport report;
  report.acknowledged_seq = state->acknowledged_seq;
  report.pruned_seq = state->pruned_seq;
  report.signatures_checked = signer_spki.has_value();
  ChainWalk walk(state->pruned_seq, state->pruned_hash);
  for (const auto& head : *heads) walk.want_hash_at(head.seq);
  HAL_TRY(for_each_entry(db, state->pruned_seq, [&](const StoredEntry& e) { return walk.visit(e); }));
  if (!walk.broken()) {
    if (walk.last_seq() < state->last_seq) {
      walk.fail(walk.last_seq() + 1, "audit entries " + std::to_string(walk.last_seq() + 1) + " to " +
                                         std::to_string(state->last_seq) + " are missing from the end of the log");
    } else if (walk.last_seq() != state->last_seq || walk.last_hash() != state->last_hash) {
      walk.fail(walk.last_seq(), "the recorded head of the audit log does not match " + entry_name(walk.last_seq()) +
                                     " (the log's end was altered)");
    }
  }
  for (const auto& head : *heads) {
    check_head(walk, head, signer_spki, state->pruned_seq, report);
    report.last_signed_seq = std::max(report.last_signed_seq, head.seq);
  }
  report.first_seq = walk.checked() > 0 ? state->pruned_seq + 1 : 0;
  report.last_seq = walk.last_seq();
  report.entries_checked = walk.checked();
  report.broken = walk.broken();
  return report;
}

hal::Result<std::int64_t> unsigned_audit_entries(const Database& db) {
  auto state = read_state(db);
  if (!state) return state.error();
  auto signed_seq = db.query_integer("SELECT COALESCE(MAX(seq), 0) FROM audit_heads", "reading the audit log's signed heads");
  if (!signed_seq) return signed_seq.error();
  return state->last_seq - std::max(*signed_seq, state->pruned_seq);
}

hal::Result<AuditHead> sign_audit_head(const Database& db, hal::KeyStore& keys, const std::string& key_id,
                                       std::int64_t now_ms) {
  auto state = read_state(db);
  if (!state) return state.error();
  if (state->last_seq == 0) {
    return hal::make_error(ErrorCode::kFailedPrecondition, "the audit log is empty; there is no head to sign");
  }
  auto heads = read_heads(db, state->pruned_seq);
  if (!heads) return heads.error();
  std::int64_t anchor_seq = state->pruned_seq;
  hal::Bytes anchor_hash = state->pruned_hash;
  if (!heads->empty()) {
    anchor_seq = heads->back().seq;
    anchor_hash = heads->back().hash;
  }
  ChainWalk walk(anchor_seq, anchor_hash);
  HAL_TRY(for_each_entry(db, anchor_seq, [&](const StoredEntry& e) { return walk.visit(e); }));
  if (walk.broken() || walk.last_seq() != state->last_seq || walk.last_hash() != state->last_hash) {
    std::string why = walk.broken() ? walk.broken()->reason : "the recorded head does not match the newest entry";
    return hal::make_error(ErrorCode::kCorrupt, "refusing to sign the audit log's head: " + why);
  }
  auto signature = keys.sign(key_id, head_message(state->last_seq, state->last_hash), hal::SignatureScheme::kEcdsaSha256);
  if (!signature) return signature.error();
  AuditHead head{state->last_seq, state->last_hash, now_ms, key_id,
                 std::move(signature).value()};
  auto insert = db.prepare(
      "INSERT OR IGNORE INTO audit_heads (seq, hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
      "saving the signed audit head");
  if (!insert) return insert.error();
  HAL_TRY(insert->bind(1, head.seq).bind(2, head.hash).bind(3, now_ms).bind(4, key_id).bind(5, head.signature).run());
  return head;
}

hal::Status acknowledge_audit(const Database& db, std::int64_t seq, std::int64_t now_ms) {
  auto state = read_state(db);
  if (!state) return state.error();
  if (seq > state->last_seq) {
    return hal::make_error(ErrorCode::kInvalidArgument, "cannot acknowledge audit entries up to " + std::to_string(seq) +
                                                            ": the log ends at " + std::to_string(state->last_seq));
  }
  if (seq <= state->acknowledged_seq) return {};
  auto update = db.prepare("UPDATE audit_state SET acknowledged_seq = ? WHERE id = 1", "recording the acknowledgement");
  if (!update) return update.error();
  HAL_TRY(update->bind(1, seq).run());
  return append_audit(db, now_ms, "registry", "audit.acknowledge", "audit", "entries up to " + std::to_string(seq));
}

hal::Result<std::int64_t> prune_audit(const Database& db) {
  auto state = read_state(db);
  if (!state) return state.error();
  std::int64_t upto = state->acknowledged_seq;
  if (upto <= state->pruned_seq) return std::int64_t{0};
  constexpr std::string_view doing = "pruning acknowledged audit entries";
  auto anchor = db.prepare("SELECT hash FROM audit WHERE seq = ?", doing);
  if (!anchor) return anchor.error();
  anchor->bind(1, upto);
  auto row = anchor->step();
  if (!row) return row.error();
  if (!*row) return hal::make_error(ErrorCode::kCorrupt, entry_name(upto) + " is missing; cannot prune up to it");
  hal::Bytes anchor_hash = anchor->blob(0);
  auto update = db.prepare("UPDATE audit_state SET pruned_seq = ?, pruned_hash = ? WHERE id = 1", doing);
  if (!update) return update.error();
  HAL_TRY(update->bind(1, upto).bind(2, anchor_hash).run());
  auto erase = db.prepare("DELETE FROM audit WHERE seq <= ?", doing);
  if (!erase) return erase.error();
  HAL_TRY(erase->bind(1, upto).run());
  return upto - state->pruned_seq;
}

}  // namespace station::store
