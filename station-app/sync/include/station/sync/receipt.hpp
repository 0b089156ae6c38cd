// The registry's receipt: a CMS SignedData by a registry key whose content
// (canonical JSON) names the batch, its SHA-256 and the dossiers accepted or
// rejected. The station verifies it against the pinned registry CA and
// checks it names the batch it sent before it changes anything.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/key_store.hpp"
#include "hal/result.hpp"
#include "station/sync/manifest.hpp"
#include "station/sync/signed_message.hpp"

namespace station::sync {

struct Receipt {
  std::string batch_id;
  hal::Bytes batch_hash;
  std::string station_id;
  std::int64_t sequence = 0;
  std::vector<std::string> accepted;
  std::vector<std::pair<std::string, std::string>> rejected;  // dossier id, reason
  std::string issued;  // ISO 8601 UTC
  AuditHeadRef audit_head;  // echoed from the batch's manifest
};

std::string encode_receipt(const Receipt& receipt);
hal::Result<Receipt> decode_receipt(std::string_view json);

// The registry's side (the simulator): the receipt signed through `keys`.
hal::Result<hal::Bytes> sign_receipt(const Receipt& receipt, hal::KeyStore& keys, const std::string& key_id,
                                     std::chrono::system_clock::time_point at);

// The one check of a receipt's signature: against `registry`, returning
// what it names (receipts imported from media are matched to batches
// afterwards). kCorrupt / kPermissionDenied (verify_signed_message).
hal::Result<Receipt> verify_any_receipt(hal::ByteView cms, const Trust& registry);

// That a verified receipt names `batch_id` with `batch_hash`, the batch that
// was sent. kFailedPrecondition for a receipt of another batch or hash.
hal::Status check_receipt_names(const Receipt& receipt, const std::string& batch_id, hal::ByteView batch_hash);

// verify_any_receipt, then check_receipt_names.
hal::Result<Receipt> verify_receipt(hal::ByteView cms, const Trust& registry, const std::string& batch_id,
                                    hal::ByteView batch_hash);

}  // namespace station::sync
