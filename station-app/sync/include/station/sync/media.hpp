// Offline hand-off on removable media. A folder holds batch files
// (<id>.batch), written atomically, and last a signed index (INDEX.cms: CMS
// SignedData by the exporting station listing each file's id, origin and
// SHA-256); receipts travel back as <id>.receipt. Every batch or receipt
// that leaves or arrives gets a custody record. README.md has the formats.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hal/result.hpp"
#include "station/sync/syncer.hpp"

namespace station::sync {

struct MediaReport {
  std::vector<std::string> done;     // batch ids written or taken in
  std::vector<std::string> skipped;  // "id: reason" for what was left alone
};

// Writes every batch without a receipt (this station's and relayed ones) and
// the signed index. kNoSpace when the medium fills (files already written
// stay whole; no custody is recorded for an unfinished export).
hal::Result<MediaReport> export_batches(Syncer& sync, const std::filesystem::path& dir);
// A relay takes in the batches of a folder: the index's signature, each
// file's hash in the index, each batch's signature and its chain position.
// kCorrupt / kPermissionDenied when the index fails; a bad file is skipped
// and named in the report.
hal::Result<MediaReport> import_batches(Syncer& sync, const std::filesystem::path& dir);
// A relay writes the receipts it holds for relayed batches.
hal::Result<MediaReport> export_receipts(Syncer& sync, const std::filesystem::path& dir);
// The field station applies the receipts of a folder (each verified first).
hal::Result<MediaReport> import_receipts(Syncer& sync, const std::filesystem::path& dir);

}  // namespace station::sync
