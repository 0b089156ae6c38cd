#include "audit_log.hpp"

#include <algorithm>

#include "audit_chain.hpp"
#include "byte_layout.hpp"
#include "crypto.hpp"

namespace station::store {

namespace {

using hal::ErrorCode;

// The entries at the end of the log were not there, or the recorded end
// was rewound or altered.
void check_recorded_end(ChainWalk& walk, const StateRow& state) {
  if (walk.broken()) return;
  if (walk.last_seq() < state.last_seq) {
    walk.fail(walk.last_seq() + 1, "audit entries " + std::to_string(walk.last_seq() + 1) + " to " +
                                       std::to_string(state.last_seq) + " are missing from the end of the log");
  } else if (walk.last_seq() != state.last_seq || walk.last_hash() != state.last_hash) {
    walk.fail(walk.last_seq(), "the recorded head of the audit log does not match " + entry_name(walk.last_seq()) +
                                   " (the log's end was altered)");
  }
}

hal::Status set_state(const Database& db, const char* sql, std::int64_t seq, const hal::Bytes& hash,
                      std::string_view doing) {
  auto update = db.prepare(sql, doing);
  if (!update) return update.error();
  return update->bind(1, seq).bind(2, hash).run();
}

// The oldest entry that must stay: for each dossier not yet purged, the one
// that set its current state (its state column is checked against it).
hal::Result<std::int64_t> oldest_needed_state_entry(const Database& db) {
  return db.query_integer(
      "SELECT COALESCE(MIN(last), 9223372036854775807) FROM (SELECT MAX(a.seq) AS last FROM dossiers d "
      "JOIN audit a ON a.object = d.id AND a.action IN ('draft.create', 'state.change') "
      "WHERE d.state != 'purged' GROUP BY d.id)",
      "finding the audit entries dossiers still need");
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

hal::Status append_audit(const Database& db, std::int64_t at_ms, const std::string& actor, const std::string& action,
                         const std::string& object, const std::string& detail) {
  auto state = read_state(db);
  if (!state) return state.error();
  AuditEntry entry{state->last_seq + 1, at_ms, actor, action, object, detail};
  hal::Bytes input = state->last_hash;
  auto canonical = canonical_entry(entry);
  input.insert(input.end(), canonical.begin(), canonical.end());
  hal::Bytes hash = sha256(input);
  constexpr std::string_view doing = "appending to the audit log";
  auto insert = db.prepare(
      "INSERT INTO audit (seq, at, actor, action, object, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", doing);
  if (!insert) return insert.error();
  insert->bind(1, entry.seq).bind(2, entry.at_ms).bind(3, actor).bind(4, action).bind(5, object).bind(6, detail);
  HAL_TRY(insert->bind(7, state->last_hash).bind(8, hash).run());
  return set_state(db, "UPDATE audit_state SET last_seq = ?, last_hash = ? WHERE id = 1", entry.seq, hash, doing);
}

hal::Result<AuditReport> verify_audit(const Database& db, const std::optional<hal::Bytes>& signer_spki) {
  auto state = read_state(db);
  if (!state) return state.error();
  auto heads = read_heads(db);
  if (!heads) return heads.error();
  AuditReport report;
  report.acknowledged_seq = state->acknowledged_seq;
  report.pruned_seq = state->pruned_seq;
  report.signatures_checked = signer_spki.has_value();
  ChainWalk walk(state->pruned_seq, state->pruned_hash);
  for (const auto& head : *heads) walk.want_hash_at(head.seq);
  HAL_TRY(for_each_entry(db, state->pruned_seq, [&](const StoredEntry& e) { return walk.visit(e); }));
  check_recorded_end(walk, *state);
  check_heads(walk, *heads, signer_spki, *state, report);
  check_signed_state(walk, *heads, *state);
  HAL_TRY(check_carried_heads(db, walk, *heads));
  report.last_signed_seq = heads->empty() ? 0 : heads->back().seq;
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

hal::Result<bool> acknowledge_audit(const Database& db, std::int64_t seq, const std::optional<hal::Bytes>& digest,
                                    std::int64_t now_ms) {
  auto state = read_state(db);
  if (!state) return state.error();
  if (seq > state->last_seq) {
    return hal::make_error(ErrorCode::kInvalidArgument, "cannot acknowledge audit entries up to " + std::to_string(seq) +
                                                            ": the log ends at " + std::to_string(state->last_seq));
  }
  if (seq <= state->acknowledged_seq) return false;
  auto heads = read_heads(db);
  if (!heads) return heads.error();
  auto head = std::find_if(heads->begin(), heads->end(), [&](const AuditHead& h) { return h.seq == seq; });
  if (head == heads->end() && digest) {
    return hal::make_error(ErrorCode::kCorrupt,
                           "the registry acknowledges audit head " + std::to_string(seq) + " (sha256 " +
                               hal::to_hex(*digest).substr(0, 16) + "...), which this log no longer holds: the log was "
                               "cut back after the batch left; nothing changed, run `station audit verify`");
  }
  if (head == heads->end()) {
    return hal::make_error(ErrorCode::kInvalidArgument, "no signed head at audit entry " + std::to_string(seq) +
                                                            "; the registry acknowledges signed heads only");
  }
  const hal::Bytes held = head_digest(*head);
  if (digest && *digest != held) {
    return hal::make_error(ErrorCode::kCorrupt,
                           "the registry acknowledges audit head " + std::to_string(seq) + " (sha256 " +
                               hal::to_hex(*digest).substr(0, 16) + "...), but this log holds another head there: the "
                               "log was rewritten after the batch left; nothing changed, run `station audit verify`");
  }
  HAL_TRY(set_state(db, "UPDATE audit_state SET acknowledged_seq = ?, acknowledged_head = ? WHERE id = 1", seq, held,
                    "recording the acknowledgement"));
  HAL_TRY(append_audit(db, now_ms, "registry", std::string(kAcknowledgeAction), "audit",
                       "head " + std::to_string(seq) + " sha256 " + hal::to_hex(held)));
  return true;
}

hal::Result<std::int64_t> prune_audit(const Database& db, std::int64_t now_ms) {
  auto state = read_state(db);
  if (!state) return state.error();
  auto needed = oldest_needed_state_entry(db);
  if (!needed) return needed.error();
  const std::int64_t upto = std::min(state->acknowledged_seq, *needed - 1);
  if (upto <= state->pruned_seq) return std::int64_t{0};
  constexpr std::string_view doing = "pruning acknowledged audit entries";
  auto anchor = db.prepare("SELECT hash FROM audit WHERE seq = ?", doing);
  if (!anchor) return anchor.error();
  anchor->bind(1, upto);
  auto row = anchor->step();
  if (!row) return row.error();
  if (!*row) return hal::make_error(ErrorCode::kCorrupt, entry_name(upto) + " is missing; cannot prune up to it");
  const hal::Bytes anchor_hash = anchor->blob(0);
  HAL_TRY(set_state(db, "UPDATE audit_state SET pruned_seq = ?, pruned_hash = ? WHERE id = 1", upto, anchor_hash, doing));
  auto erase = db.prepare("DELETE FROM audit WHERE seq <= ?", doing);
  if (!erase) return erase.error();
  HAL_TRY(erase->bind(1, upto).run());
  HAL_TRY(append_audit(db, now_ms, "station", std::string(kPruneAction), "audit",
                       "entries up to " + std::to_string(upto) + " anchor sha256 " + hal::to_hex(anchor_hash)));
  return upto - state->pruned_seq;
}

}  // namespace station::store
