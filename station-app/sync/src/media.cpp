#include "station/sync/media.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <system_error>

#include "hal/files.hpp"
#include "station/cms/digests.hpp"
#include "station/cms/signed_data.hpp"
#include "station/ids.hpp"
#include "station/sync/batch.hpp"
#include "station/sync/receipt.hpp"

namespace station::sync {

namespace fs = std::filesystem;

namespace {

using hal::ErrorCode;

constexpr const char* kIndexName = "INDEX.cms";

hal::Status custody(Syncer& sync, const std::string& action, const std::string& batch, const fs::path& dir,
                    const std::string& detail) {
  return sync.store().record_custody({0, 0, action, batch, fs::absolute(dir).string(), sync.settings().actor, detail});
}

hal::Status make_folder(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return hal::storage_error(ec.value(), "creating the folder " + dir.string());
  return {};
}

// A file name on a medium comes only from a batch id of valid syntax, so it
// names a file in `dir` and nowhere else.
hal::Result<fs::path> file_for(const fs::path& dir, const std::string& batch_id, const char* extension) {
  HAL_TRY(check_batch_id(batch_id, "batch"));
  return dir / (batch_id + extension);
}

hal::Bytes text_bytes(const std::string& text) { return hal::Bytes(text.begin(), text.end()); }

struct IndexEntry {
  std::string id;
  std::string origin;
  hal::Bytes sha256;
};

hal::Result<std::vector<IndexEntry>> read_index(Syncer& sync, const fs::path& dir) {
  auto bytes = hal::read_regular_file(dir / kIndexName, hal::kMediaIndexFile);
  if (!bytes && bytes.error().code == ErrorCode::kNotFound)
    return hal::make_error(ErrorCode::kNotFound, "no " + std::string(kIndexName) + " in " + dir.string() +
                                                     " (an unfinished export? export again)");
  if (!bytes) return bytes.error();
  auto message = verify_signed_message(*bytes, sync.station_trust(), "media index");
  if (!message) return message.error();
  auto j = nlohmann::json::parse(message->content.begin(), message->content.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != "station-media-index" || !j.contains("batches") ||
      !j["batches"].is_array())
    return hal::make_error(ErrorCode::kCorrupt, "media index: not a station media index");
  std::vector<IndexEntry> out;
  for (const auto& e : j["batches"]) {
    if (!e.is_object() || !e.contains("id") || !e["id"].is_string() || !e.contains("sha256") || !e["sha256"].is_string())
      return hal::make_error(ErrorCode::kCorrupt, "media index: a malformed entry");
    auto hash = hal::from_hex(e["sha256"].get<std::string>());
    if (!hash) return hal::make_error(ErrorCode::kCorrupt, "media index: a malformed hash");
    const std::string id = e["id"].get<std::string>();
    if (auto ok = check_batch_id(id, "media index: batch"); !ok) return hal::make_error(ErrorCode::kCorrupt, ok.error().message);
    out.push_back({id, e.value("origin", ""), *hash});
  }
  return out;
}

// A relay holds an origin's chain only in part: from the first batch of it
// that reached the relay on, each must be the next one and link to its
// predecessor. A station never relays its own batches, so nothing imported
// moves this station's own chain.
hal::Status check_chain(Syncer& sync, const Manifest& m, const hal::Bytes& hash) {
  auto refused = [&](const std::string& why) {
    return hal::make_error(ErrorCode::kFailedPrecondition, "batch " + m.batch_id + " " + why + " (refused, nothing kept)");
  };
  if (m.station_id == sync.settings().station_id) return refused("is this station's own; a station does not relay it");
  if (auto held = sync.store().batch_info(m.batch_id); held) {
    return refused(held->hash == hash ? "is held here already: the medium replays it"
                                      : "is held here already with another hash: a replaced copy");
  }
  auto head = sync.store().chain_head(m.station_id);
  if (!head) return head.error();
  if (head->next_sequence == 1) return {};  // the first of this station's batches to come here
  const std::string last = std::to_string(head->next_sequence - 1);
  if (m.sequence < head->next_sequence) return refused("comes after batch " + last + " of " + m.station_id + ": out of order");
  if (m.sequence > head->next_sequence) {
    return refused("leaves a gap after batch " + last + " of " + m.station_id + ": import batch " +
                   std::to_string(head->next_sequence) + " first");
  }
  if (m.previous_hash != head->previous_hash) {
    return refused("does not follow batch " + last + " of " + m.station_id +
                   " held here (the chain is broken: a batch was replaced)");
  }
  return {};
}

hal::Status import_one(Syncer& sync, const fs::path& dir, const IndexEntry& entry) {
  auto file = file_for(dir, entry.id, ".batch");
  if (!file) return file.error();
  auto bytes = hal::read_regular_file(*file, hal::kBatchFile);
  if (!bytes) return bytes.error();
  if (cms::sha256(*bytes) != entry.sha256)
    return hal::make_error(ErrorCode::kCorrupt, "the file differs from the one the index lists");
  auto opened = open_batch(*bytes, sync.station_trust());
  if (!opened) return opened.error();
  if (opened->manifest.batch_id != entry.id)
    return hal::make_error(ErrorCode::kCorrupt, "the file holds batch " + opened->manifest.batch_id);
  HAL_TRY(check_chain(sync, opened->manifest, opened->hash));
  store::NewBatch batch{entry.id, opened->manifest.station_id, opened->manifest.sequence, opened->manifest.previous_hash,
                        opened->hash, std::move(*bytes), {}, true, 0, {}};
  for (const auto& d : opened->manifest.dossiers) batch.members.push_back({d.dossier_id, d.sha256, "pending", ""});
  HAL_TRY(sync.store().record_batch(batch, sync.settings().actor));
  return custody(sync, "import", entry.id, dir, "from " + opened->signer);
}

// A full or failing disk, or another command holding the store, is no fault
// of the file on the medium: stop and say so (exit 9 or 10), rather than
// skip every file as bad.
bool stops_the_import(ErrorCode code) {
  return code == ErrorCode::kNoSpace || code == ErrorCode::kIo || code == ErrorCode::kBusy;
}

}  // namespace

hal::Result<MediaReport> export_batches(Syncer& sync, const fs::path& dir) {
  HAL_TRY(make_folder(dir));
  auto waiting = sync.store().list_batches(true);
  if (!waiting) return waiting.error();
  MediaReport report;
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& b : *waiting) {
    auto content = sync.store().batch_content(b.id);
    if (!content) return content.error();
    auto file = file_for(dir, b.id, ".batch");
    if (!file) return file.error();
    HAL_TRY(hal::write_file_atomically(*file, *content));
    entries.push_back({{"id", b.id}, {"origin", b.origin_station}, {"sha256", hal::to_hex(b.hash)}, {"bytes", b.bytes}});
    report.done.push_back(b.id);
  }
  nlohmann::json index = {{"format", "station-media-index"}, {"v", 1}, {"station", sync.settings().station_id},
                          {"batches", entries}};
  auto signed_index = cms::build_signed_data(cms::kIdDataOid, text_bytes(index.dump()),
                                              {&sync.keys(), sync.settings().sign_key,
                                               std::chrono::system_clock::to_time_t(sync.clock().now())});
  if (!signed_index) return signed_index.error();
  HAL_TRY(hal::write_file_atomically(dir / kIndexName, *signed_index));
  for (const auto& id : report.done) HAL_TRY(custody(sync, "export", id, dir, ""));
  return report;
}

hal::Result<MediaReport> import_batches(Syncer& sync, const fs::path& dir) {
  auto index = read_index(sync, dir);
  if (!index) return index.error();
  MediaReport report;
  for (const auto& entry : *index) {
    auto imported = import_one(sync, dir, entry);
    if (!imported && stops_the_import(imported.error().code)) return imported.error();
    if (imported)
      report.done.push_back(entry.id);
    else
      report.skipped.push_back(entry.id + ": " + imported.error().message);
  }
  return report;
}

hal::Result<MediaReport> export_receipts(Syncer& sync, const fs::path& dir) {
  HAL_TRY(make_folder(dir));
  auto batches = sync.store().list_batches(false);
  if (!batches) return batches.error();
  MediaReport report;
  for (const auto& b : *batches) {
    if (!b.relayed || !b.receipted) continue;
    auto receipt = sync.store().receipt_content(b.id);
    if (!receipt) return receipt.error();
    auto file = file_for(dir, b.id, ".receipt");
    if (!file) return file.error();
    HAL_TRY(hal::write_file_atomically(*file, *receipt));
    HAL_TRY(custody(sync, "receipts.export", b.id, dir, ""));
    report.done.push_back(b.id);
  }
  return report;
}

hal::Result<MediaReport> import_receipts(Syncer& sync, const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".receipt") files.push_back(entry.path());
  if (ec) return hal::make_error(ErrorCode::kNotFound, "cannot read the folder " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  MediaReport report;
  for (const auto& file : files) {
    const std::string id = file.stem().string();
    auto bytes = hal::read_regular_file(file, hal::kReceiptFile);
    hal::Status applied = bytes ? sync.apply_receipt(*bytes, "media:" + fs::absolute(dir).string())
                                : hal::Status(bytes.error());
    if (!applied && stops_the_import(applied.error().code)) return applied.error();
    if (!applied) {
      report.skipped.push_back(id + ": " + applied.error().message);
      continue;
    }
    HAL_TRY(custody(sync, "receipts.import", id, dir, ""));
    report.done.push_back(id);
  }
  return report;
}

}  // namespace station::sync
