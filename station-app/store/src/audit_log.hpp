// The hash-chained audit log inside the store's database: appending,
// signing heads, checking, acknowledging and pruning.
#pragma once

#include <optional>
#include <string>

#include "hal/key_store.hpp"
#include "hal/result.hpp"
#include "sqlite.hpp"
#include "station/store/audit.hpp"

namespace station::store {

// The exact bytes hashed for an entry and signed for a head (README.md).
hal::Bytes canonical_entry(const AuditEntry& entry);
hal::Bytes head_message(const AuditHead& head);

// Appends an entry inside the caller's transaction and moves the recorded head.
hal::Status append_audit(const Database& db, std::int64_t at_ms, const std::string& actor, const std::string& action,
                         const std::string& object, const std::string& detail);

// Walks the whole chain and the heads; checks each signed head's signature
// when `signer_spki` is given. A broken log is reported in the result, not
// as an error; errors are failures to read.
hal::Result<AuditReport> verify_audit(const Database& db, const std::optional<hal::Bytes>& signer_spki);

// Entries appended since the newest signed head.
hal::Result<std::int64_t> unsigned_audit_entries(const Database& db);

// Signs the newest entry with `key_id`, after checking the chain since the
// previous head and that the log's state is the one that head signed (it
// never signs over damage: kCorrupt). `state_change` is set only by the
// acknowledgement and the prune, which change the state in the caller's
// transaction just before. Returns the newest head when the newest entry is
// signed already; kFailedPrecondition when the log is empty.
hal::Result<AuditHead> sign_audit_head(const Database& db, hal::KeyStore& keys, const std::string& key_id,
                                       std::int64_t now_ms, bool state_change = false);

// Records that the registry holds the log up to the signed head at `seq`
// (whose digest must be `digest` when given), appending an entry; the
// caller signs it at once (state_change). kInvalidArgument beyond the
// newest entry or where no head was signed; kCorrupt for another digest.
// False (nothing done) for a head no newer than the one acknowledged already.
hal::Result<bool> acknowledge_audit(const Database& db, std::int64_t seq, const std::optional<hal::Bytes>& digest,
                              std::int64_t now_ms);

// Deletes acknowledged entries, keeping the last one's hash as the chain's
// new anchor and, for every dossier not yet purged, the entry that set its
// current state. Appends an entry saying so when anything went; the caller
// signs it at once (state_change). Returns how many went.
hal::Result<std::int64_t> prune_audit(const Database& db, std::int64_t now_ms);

// The checks of verify_audit that concern heads (audit_heads.cpp).
class ChainWalk;
struct StateRow;
void check_heads(ChainWalk& walk, const std::vector<AuditHead>& heads, const std::optional<hal::Bytes>& signer_spki,
                 const StateRow& state, AuditReport& report);
void check_signed_state(ChainWalk& walk, const std::vector<AuditHead>& heads, const StateRow& state);
hal::Status check_carried_heads(const Database& db, ChainWalk& walk, const std::vector<AuditHead>& heads);

}  // namespace station::store
