// The audit log's public shapes. Every change the store makes appends one
// entry in the same transaction; entry N holds the SHA-256 of entry N-1, and
// the station key signs the head (the newest entry's hash) every few entries
// and on demand. The formats hashed and signed are in store/README.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hal/bytes.hpp"

namespace station::store {

struct AuditEntry {
  std::int64_t seq = 0;
  std::int64_t at_ms = 0;  // milliseconds since 1970-01-01 UTC, as hashed
  std::string actor;   // officer or component id
  std::string action;  // "draft.create", "record.save", "state.change", ...
  std::string object;  // the dossier id (or "audit")
  std::string detail;  // never citizen data
};

// A signed head (README.md gives both formats). Format 2 also signs the
// log's state and the head before it, so that heads run on as a chain and
// neither the state nor a head can be cut or rolled back unseen. Hashes
// are 32 bytes; "none" is 32 zero bytes.
struct AuditHead {
  std::int64_t seq = 0;
  hal::Bytes hash;  // of entry `seq`
  std::int64_t signed_at_ms = 0;
  std::string key_id;
  hal::Bytes signature;  // ECDSA P-256 / SHA-256, DER
  int format = 2;        // 1: heads of schema version 3 and before
  std::int64_t acknowledged_seq = 0;  // the newest head the registry acknowledged
  hal::Bytes acknowledged_head;       // its digest
  std::int64_t pruned_seq = 0;        // the prune anchor
  hal::Bytes pruned_hash;
  std::int64_t previous_seq = 0;      // the head before this one (0: the first)
  hal::Bytes previous_digest;
};

// SHA-256 of what the head signs: how a batch names it and the registry
// echoes it.
hal::Bytes head_digest(const AuditHead& head);

struct BrokenLink {
  std::int64_t seq = 0;  // the first entry that fails
  std::string reason;    // a sentence naming the entry and what is wrong
};

struct AuditReport {
  std::int64_t first_seq = 0;         // oldest entry still kept (0: none)
  std::int64_t last_seq = 0;          // newest entry
  std::int64_t entries_checked = 0;
  std::int64_t heads_checked = 0;     // signed heads whose signature was verified
  std::int64_t last_signed_seq = 0;   // newest entry covered by a signed head
  std::int64_t acknowledged_seq = 0;  // the registry has these; they may be pruned
  std::int64_t pruned_seq = 0;        // entries up to here were pruned
  bool signatures_checked = false;    // false when no key store was at hand
  std::optional<BrokenLink> broken;
};

}  // namespace station::store
