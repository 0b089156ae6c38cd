// What the audit log's writer, signer and checker share: the state row,
// reading entries and heads, and the walk along the hash chain.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hal/result.hpp"
#include "sqlite.hpp"
#include "station/store/audit.hpp"

namespace station::store {

inline const hal::Bytes kNoHash(32, 0);

// audit_state: the newest entry, the registry's acknowledgement, the prune anchor.
struct StateRow {
  std::int64_t last_seq = 0;
  hal::Bytes last_hash;
  std::int64_t acknowledged_seq = 0;
  hal::Bytes acknowledged_head;  // 32 zero bytes when none (or acknowledged before schema version 4)
  std::int64_t pruned_seq = 0;
  hal::Bytes pruned_hash;
};

hal::Result<StateRow> read_state(const Database& db);

struct StoredEntry {
  AuditEntry entry;
  hal::Bytes prev_hash;
  hal::Bytes hash;
};

// Every entry after `after_seq`, in order, until `visit` returns false.
hal::Status for_each_entry(const Database& db, std::int64_t after_seq, const std::function<bool(const StoredEntry&)>& visit);

// Every signed head, oldest first (heads are never deleted).
hal::Result<std::vector<AuditHead>> read_heads(const Database& db);

std::string entry_name(std::int64_t seq);
std::string head_name(std::int64_t seq);

// Follows the chain from an anchor: entry numbers must run on without a gap,
// each must name the previous entry's hash, and each hash must match its
// entry. Keeps the hashes at wanted numbers for comparison with heads, and
// remembers the first (lowest) break found by it or by the checks after it.
class ChainWalk {
 public:
  ChainWalk(std::int64_t anchor_seq, hal::Bytes anchor_hash);

  bool visit(const StoredEntry& e);
  void want_hash_at(std::int64_t seq) { wanted_[seq] = {}; }
  std::optional<hal::Bytes> hash_at(std::int64_t seq) const;
  const std::optional<BrokenLink>& broken() const { return broken_; }
  std::int64_t last_seq() const { return expected_seq_ - 1; }
  const hal::Bytes& last_hash() const { return hash_; }
  std::int64_t checked() const { return checked_; }
  // Entries that change the log's state (acknowledgement, prune) seen on the way.
  const std::vector<std::int64_t>& state_changes() const { return state_changes_; }
  void fail(std::int64_t seq, std::string reason);

 private:
  std::int64_t expected_seq_;
  hal::Bytes hash_;
  std::map<std::int64_t, hal::Bytes> wanted_;
  std::vector<std::int64_t> state_changes_;
  std::optional<BrokenLink> broken_;
  std::int64_t checked_ = 0;
};

// The actions that change audit_state; each is signed at once.
inline constexpr std::string_view kAcknowledgeAction = "audit.acknowledge";
inline constexpr std::string_view kPruneAction = "audit.prune";

}  // namespace station::store
