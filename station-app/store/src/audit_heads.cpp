// Signed heads: what they sign, signing one, and the checks that make a cut,
// a rollback or a rewrite of the log visible (README.md, "Audit log").
#include <algorithm>
#include <set>

#include "audit_chain.hpp"
#include "audit_log.hpp"
#include "byte_layout.hpp"
#include "crypto.hpp"

namespace station::store {

namespace {

using hal::ErrorCode;

constexpr std::string_view kHeadDomainV1 = "station audit head v1";
constexpr std::string_view kHeadDomainV2 = "station audit head v2";

void put_hash(hal::Bytes& out, const hal::Bytes& hash) { out.insert(out.end(), hash.begin(), hash.end()); }

// Fixed-size fields make the signed layout unambiguous: a hash of another
// length could shift bytes from one field into the next.
bool well_formed(const AuditHead& h) {
  if (h.format == 1) return h.hash.size() == 32;
  return h.format == 2 && h.hash.size() == 32 && h.acknowledged_head.size() == 32 && h.pruned_hash.size() == 32 &&
         h.previous_digest.size() == 32;
}

std::string short_hex(const hal::Bytes& digest) { return hal::to_hex(digest).substr(0, 16) + "..."; }

const AuditHead* head_at(const std::vector<AuditHead>& heads, std::int64_t seq) {
  auto it = std::find_if(heads.begin(), heads.end(), [&](const AuditHead& h) { return h.seq == seq; });
  return it == heads.end() ? nullptr : &*it;
}

bool signs_state_of(const AuditHead& head, const StateRow& state) {
  return head.acknowledged_seq == state.acknowledged_seq && head.acknowledged_head == state.acknowledged_head &&
         head.pruned_seq == state.pruned_seq && head.pruned_hash == state.pruned_hash;
}

// A format-2 head names the head before it; a missing or replaced head
// breaks that link.
void check_predecessor(ChainWalk& walk, const AuditHead& head, const AuditHead* before) {
  const std::string name = head_name(head.seq);
  if (before == nullptr) {
    if (head.previous_seq != 0) {
      walk.fail(head.previous_seq, name + " follows the head at entry " + std::to_string(head.previous_seq) +
                                       ", which is missing: signed heads were deleted from the start of the log");
    }
    return;
  }
  if (head.previous_seq != before->seq) {
    walk.fail(std::max(before->seq, head.previous_seq),
              name + " follows the head at entry " + std::to_string(head.previous_seq) +
                  ", but the head before it here is at entry " + std::to_string(before->seq) +
                  ": signed heads were deleted or inserted");
  } else if (head.previous_digest != head_digest(*before)) {
    walk.fail(before->seq, head_name(before->seq) + " is not the one the head at entry " + std::to_string(head.seq) +
                               " was signed after: it was replaced");
  }
}

// A head against the chain of entries it covers.
void check_against_entries(ChainWalk& walk, const AuditHead& head, std::int64_t pruned_seq) {
  if (head.seq <= pruned_seq) return;
  const std::string name = head_name(head.seq);
  if (head.seq > walk.last_seq()) {
    walk.fail(walk.last_seq() + 1, name + " covers entries up to " + std::to_string(head.seq) + " but the log ends at " +
                                       std::to_string(walk.last_seq()) + ": entries were deleted from its end");
    return;
  }
  auto chained = walk.hash_at(head.seq);
  if (chained && *chained != head.hash) {
    walk.fail(head.seq, entry_name(head.seq) + " differs from " + name +
                            ": the entries up to it were rewritten after they were signed");
  }
}

}  // namespace

hal::Bytes head_message(const AuditHead& head) {
  const auto domain = head.format == 1 ? kHeadDomainV1 : kHeadDomainV2;
  // Constructed, not inserted into an empty vector: GCC 12 at -O3 reads that
  // insert as an overflow (-Wstringop-overflow, a false positive) and the
  // release build stopped here.
  hal::Bytes out(domain.begin(), domain.end());
  put_u64(out, static_cast<std::uint64_t>(head.seq));
  put_hash(out, head.hash);
  if (head.format == 1) return out;
  put_u64(out, static_cast<std::uint64_t>(head.acknowledged_seq));
  put_hash(out, head.acknowledged_head);
  put_u64(out, static_cast<std::uint64_t>(head.pruned_seq));
  put_hash(out, head.pruned_hash);
  put_u64(out, static_cast<std::uint64_t>(head.previous_seq));
  put_hash(out, head.previous_digest);
  return out;
}

hal::Bytes head_digest(const AuditHead& head) { return sha256(head_message(head)); }

void check_heads(ChainWalk& walk, const std::vector<AuditHead>& heads, const std::optional<hal::Bytes>& signer_spki,
                 const StateRow& state, AuditReport& report) {
  const AuditHead* before = nullptr;
  bool new_format_seen = false;
  for (const auto& head : heads) {
    const std::string name = head_name(head.seq);
    if (!well_formed(head)) {
      walk.fail(head.seq, name + " is malformed (unknown format or a hash of the wrong length): it was altered");
    } else if (signer_spki) {
      auto valid = ecdsa_signature_valid(*signer_spki, head_message(head), head.signature);
      if (!valid || !*valid) {
        walk.fail(head.seq, name + " does not carry a valid signature of the station key (forged or altered)");
      } else {
        ++report.heads_checked;
      }
    }
    if (head.format == 1 && new_format_seen) {
      walk.fail(head.seq, name + " is of the old format, after heads that sign the log's state: it was put back");
    }
    if (head.format == 2) {
      new_format_seen = true;
      check_predecessor(walk, head, before);
    }
    check_against_entries(walk, head, state.pruned_seq);
    before = &head;
  }
}

void check_signed_state(ChainWalk& walk, const std::vector<AuditHead>& heads, const StateRow& state) {
  // The store signs every acknowledgement and prune in its own transaction.
  for (std::int64_t seq : walk.state_changes()) {
    if (head_at(heads, seq) == nullptr) {
      walk.fail(seq, entry_name(seq) + " changes the log's state (an acknowledgement or a prune) but was never "
                                       "signed, as the store signs each at once: it was added by hand");
    }
  }
  if (heads.empty() || heads.back().format != 2) return;
  const AuditHead& newest = heads.back();
  const std::string vouch = head_name(newest.seq) + " vouches for ";
  if (state.pruned_seq != newest.pruned_seq || state.pruned_hash != newest.pruned_hash) {
    walk.fail(newest.seq, "the audit log's state says entries up to " + std::to_string(state.pruned_seq) +
                              " were pruned, but " + vouch + "a prune up to " + std::to_string(newest.pruned_seq) +
                              ": entries were cut from the start of the log, or its state was rewritten");
  }
  if (state.acknowledged_seq != newest.acknowledged_seq || state.acknowledged_head != newest.acknowledged_head) {
    walk.fail(newest.seq, "the audit log's state says the registry acknowledged the head at entry " +
                              std::to_string(state.acknowledged_seq) + ", but " + vouch + "entry " +
                              std::to_string(newest.acknowledged_seq) + ": the acknowledgement was rewritten");
  }
  if (state.acknowledged_seq == 0 || state.acknowledged_head == kNoHash) return;
  const AuditHead* acknowledged = head_at(heads, state.acknowledged_seq);
  const std::string what = "the head the registry acknowledged (audit entry " + std::to_string(state.acknowledged_seq) +
                           ", sha256 " + short_hex(state.acknowledged_head) + ")";
  if (acknowledged == nullptr) {
    walk.fail(state.acknowledged_seq, what + " is missing: the log was cut back or rewritten after the registry had it");
  } else if (head_digest(*acknowledged) != state.acknowledged_head) {
    walk.fail(state.acknowledged_seq, what + " was replaced by another: the log was rewritten");
  }
}

// Own batches carried a head to the registry, and its receipts echoed one:
// the log must still hold both, as they were.
hal::Status check_carried_heads(const Database& db, ChainWalk& walk, const std::vector<AuditHead>& heads) {
  auto q = db.prepare(
      "SELECT 'batch ' || id, audit_head_seq, audit_head_digest FROM batches WHERE relayed = 0 AND audit_head_seq > 0 "
      "UNION ALL SELECT 'the registry''s receipt for batch ' || r.batch_id, r.audit_head_seq, r.audit_head_digest "
      "FROM receipts r JOIN batches b ON b.id = r.batch_id WHERE b.relayed = 0 AND r.audit_head_seq > 0",
      "reading the audit heads carried by batches and receipts");
  if (!q) return q.error();
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return {};
    const std::int64_t seq = q->integer(1);
    const hal::Bytes digest = q->blob(2);
    const AuditHead* held = head_at(heads, seq);
    if (held != nullptr && head_digest(*held) == digest) continue;
    walk.fail(seq, q->text(0) + " names audit head " + std::to_string(seq) + " (sha256 " + short_hex(digest) +
                       "), which this log " + (held ? "holds in another form" : "no longer holds") +
                       ": the log was cut back or rewritten after the batch left");
  }
}

hal::Result<AuditHead> sign_audit_head(const Database& db, hal::KeyStore& keys, const std::string& key_id,
                                       std::int64_t now_ms, bool state_change) {
  auto state = read_state(db);
  if (!state) return state.error();
  if (state->last_seq == 0) {
    return hal::make_error(ErrorCode::kFailedPrecondition, "the audit log is empty; there is no head to sign");
  }
  auto heads = read_heads(db);
  if (!heads) return heads.error();
  const AuditHead* newest = heads->empty() ? nullptr : &heads->back();
  if (newest != nullptr && newest->seq == state->last_seq) return *newest;
  const bool from_newest = newest != nullptr && newest->seq > state->pruned_seq;
  ChainWalk walk(from_newest ? newest->seq : state->pruned_seq, from_newest ? newest->hash : state->pruned_hash);
  HAL_TRY(for_each_entry(db, walk.last_seq(), [&](const StoredEntry& e) { return walk.visit(e); }));
  auto refuse = [](const std::string& why) {
    return hal::make_error(ErrorCode::kCorrupt, "refusing to sign the audit log's head: " + why);
  };
  if (walk.broken()) return refuse(walk.broken()->reason);
  if (walk.last_seq() != state->last_seq || walk.last_hash() != state->last_hash) {
    return refuse("the recorded head does not match the newest entry");
  }
  if (!state_change && newest != nullptr && newest->format == 2 &&
      (!signs_state_of(*newest, *state) || !walk.state_changes().empty())) {
    return refuse("the log's state (acknowledgement, prune anchor) was changed outside the store since " +
                  head_name(newest->seq));
  }
  AuditHead head;
  head.seq = state->last_seq;
  head.hash = state->last_hash;
  head.signed_at_ms = now_ms;
  head.key_id = key_id;
  head.acknowledged_seq = state->acknowledged_seq;
  head.acknowledged_head = state->acknowledged_head;
  head.pruned_seq = state->pruned_seq;
  head.pruned_hash = state->pruned_hash;
  head.previous_seq = newest ? newest->seq : 0;
  head.previous_digest = newest ? head_digest(*newest) : kNoHash;
  auto signature = keys.sign(key_id, head_message(head), hal::SignatureScheme::kEcdsaSha256);
  if (!signature) return signature.error();
  head.signature = std::move(signature).value();
  auto insert = db.prepare(
      "INSERT INTO audit_heads (seq, hash, signed_at, key_id, signature, format, acknowledged_seq, acknowledged_head, "
      "pruned_seq, pruned_hash, previous_seq, previous_digest) VALUES (?, ?, ?, ?, ?, 2, ?, ?, ?, ?, ?, ?)",
      "saving the signed audit head");
  if (!insert) return insert.error();
  insert->bind(1, head.seq).bind(2, head.hash).bind(3, now_ms).bind(4, key_id).bind(5, head.signature);
  insert->bind(6, head.acknowledged_seq).bind(7, head.acknowledged_head).bind(8, head.pruned_seq);
  HAL_TRY(insert->bind(9, head.pruned_hash).bind(10, head.previous_seq).bind(11, head.previous_digest).run());
  return head;
}

}  // namespace station::store
