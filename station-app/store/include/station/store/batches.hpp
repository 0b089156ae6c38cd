// What the store keeps for sync (schema version 3): batches with their
// signed bytes, the registry's receipts, the custody log of removable media.
// The formats of the bytes are station-app/sync's; the store only keeps them
// durable and moves dossiers along with them in the same transaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hal/bytes.hpp"

namespace station::store {

struct BatchMember {
  std::string dossier_id;
  hal::Bytes content_hash;  // own batches: SHA-256 of the dossier as sealed; relayed: of its record, as the manifest lists
  std::string outcome = "pending";  // pending | accepted | rejected
  std::string outcome_detail;
};

struct NewBatch {
  std::string id;
  std::string origin_station;  // who built and signed it
  std::int64_t sequence = 0;   // origin's sequence number, from 1
  hal::Bytes previous_hash;    // SHA-256 of the origin's previous batch (32 zero bytes for the first)
  hal::Bytes hash;             // SHA-256 of `content`
  hal::Bytes content;          // the batch file as it travels
  std::vector<BatchMember> members;
  bool relayed = false;        // another station's batch held for forwarding
  // The station's signed audit head the manifest carries (own batches; 0:
  // none): the log must keep holding it (audit.hpp, head_digest).
  std::int64_t audit_head_seq = 0;
  hal::Bytes audit_head_digest;
};

struct BatchInfo {
  std::string id;
  std::string origin_station;
  std::int64_t sequence = 0;
  hal::Bytes previous_hash;
  hal::Bytes hash;
  std::int64_t dossier_count = 0;
  std::int64_t bytes = 0;
  std::int64_t created_at_ms = 0;
  bool relayed = false;
  bool receipted = false;
  std::int64_t receipt_at_ms = 0;
  std::string receipt_via;
  std::int64_t attempts = 0;
  std::int64_t last_attempt_at_ms = 0;
  std::string last_error;  // empty after a success
};

// The end of an origin's chain as this store knows it.
struct ChainHead {
  std::int64_t next_sequence = 1;
  hal::Bytes previous_hash;  // 32 zero bytes before the first batch
};

// A receipt the caller has verified (signature, batch id and hash).
struct VerifiedReceipt {
  std::string batch_id;
  hal::Bytes batch_hash;
  hal::Bytes content;  // the registry's CMS, kept as received
  std::vector<std::string> accepted;
  std::vector<std::pair<std::string, std::string>> rejected;  // dossier id, reason
  std::string via;  // "upload", or "media:<folder>"
  // The audit head the registry echoes from the batch's manifest (0: none):
  // for an own batch it is recorded as acknowledged, and must be held here.
  std::int64_t audit_head_seq = 0;
  hal::Bytes audit_head_digest;
};

// A dossier of this station the registry refused (state rejected): it waits
// for an officer's correction and a supervisor's re-seal.
struct Rejection {
  std::string dossier_id;
  std::string batch_id;     // the batch whose receipt refused it
  std::string reason;       // the registry's words
  std::int64_t since_ms = 0;
};

struct CustodyRecord {
  std::int64_t seq = 0;
  std::int64_t at_ms = 0;
  std::string action;  // export | import | receipts.export | receipts.import
  std::string batch_id;
  std::string medium;
  std::string actor;
  std::string detail;
};

}  // namespace station::store
