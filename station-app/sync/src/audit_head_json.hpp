// The station's audit head as batch manifests carry it and receipts echo it:
// "audit_head": {"seq": N, "sha256": hex of store::head_digest}. Optional:
// batches and receipts from before schema version 4 have none.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "hal/result.hpp"
#include "station/sync/manifest.hpp"

namespace station::sync {

// Adds the field to `j` unless `head` is none.
void put_audit_head(nlohmann::json& j, const AuditHeadRef& head);

// Reads the field if present; kCorrupt naming `what` ("batch manifest",
// "receipt") when it is malformed.
hal::Result<AuditHeadRef> read_audit_head(const nlohmann::json& j, const std::string& what);

}  // namespace station::sync
