// The hash-chained audit log inside the store's database.
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
hal::Bytes head_message(std::int64_t seq, hal::ByteView hash);

// Appends an entry inside the caller's transaction and moves the recorded head.
hal::Status append_audit(const Database& db, std::int64_t at_ms, const std::string& actor, const std::string& action,
                         const std::string& object, const std::string& detail);

// Walks the whole chain; checks each signed head's signature when
// `signer_spki` is given. A broken chain is reported in the result, not as
// an error; errors are failures to read.
hal::Result<AuditReport> verify_audit(const Database& db, const std::optional<hal::Bytes>& signer_spki);

// Entries appended since the newest signed head.
hal::Result<std::int64_t> unsigned_audit_entries(const Database& db);

// Signs the current head with `key_id` after checking the chain since the
// previous signed head (it never signs over a broken chain: kCorrupt).
// kFailedPrecondition when the log is empty.
hal::Result<AuditHead> sign_audit_head(const Database& db, hal::KeyStore& keys, const std::string& key_id,
                                       std::int64_t now_ms);

// Records that the registry holds entries up to `seq`. kInvalidArgument
// beyond the newest entry; a lower value than already recorded is ignored.
hal::Status acknowledge_audit(const Database& db, std::int64_t seq, std::int64_t now_ms);

// Deletes acknowledged entries, keeping the last one's hash as the chain's
// new anchor. Returns how many went.
hal::Result<std::int64_t> prune_audit(const Database& db);

}  // namespace station::store
