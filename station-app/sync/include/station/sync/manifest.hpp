// A batch's manifest: which station built it, where it stands in that
// station's chain, and which dossiers it carries with their SHA-256. Written
// as canonical JSON (sorted keys, no spaces) so that the same manifest is
// always the same bytes; README.md gives the fields.
#pragma once

#include <cstdint>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::sync {

inline constexpr int kManifestVersion = 1;

struct ManifestEntry {
  std::string dossier_id;
  hal::Bytes sha256;  // of the dossier's registry record (registry_record.hpp) in the batch
  std::int64_t bytes = 0;
  friend bool operator==(const ManifestEntry&, const ManifestEntry&) = default;
};

// The station's newest signed audit head when the batch was built
// (store::head_digest): the registry echoes it in its receipt and sees a
// station whose log went backwards (store/README.md, "Audit log").
struct AuditHeadRef {
  std::int64_t seq = 0;  // 0: none (batches from before it was carried)
  hal::Bytes digest;
  friend bool operator==(const AuditHeadRef&, const AuditHeadRef&) = default;
};

struct Manifest {
  std::string batch_id;
  std::string station_id;
  std::int64_t sequence = 0;   // from 1, per station
  hal::Bytes previous_hash;    // SHA-256 of the station's previous batch file; 32 zero bytes for the first
  std::string created;         // ISO 8601 UTC
  std::vector<ManifestEntry> dossiers;
  AuditHeadRef audit_head;
  friend bool operator==(const Manifest&, const Manifest&) = default;
};

// "<station>-<sequence, 6 digits>": unique per station and readable.
std::string batch_id_for(std::string_view station_id, std::int64_t sequence);

std::string encode_manifest(const Manifest& manifest);
// kCorrupt naming the field that is missing or malformed; kUnsupported for
// a newer version.
hal::Result<Manifest> decode_manifest(std::string_view json);

// A UTC time as sync writes it everywhere (manifests, receipts, records):
// ISO 8601 by default, or another strftime format.
std::string utc_text(std::chrono::system_clock::time_point at, const char* format = "%Y-%m-%dT%H:%M:%SZ");

}  // namespace station::sync
