#include "station/sync/syncer.hpp"

#include "station/cms/digests.hpp"
#include "station/dossier/serialization.hpp"
#include "station/sync/batch.hpp"
#include "station/sync/receipt.hpp"
#include "station/sync/registry_record.hpp"

namespace station::sync {

namespace {

using hal::ErrorCode;
using store::DossierState;

// Consecutive groups of the oldest waiting dossiers within the limits.
std::vector<std::vector<store::DossierSummary>> group(const std::vector<store::DossierSummary>& waiting,
                                                      const SyncSettings& s) {
  std::vector<std::vector<store::DossierSummary>> groups;
  std::size_t bytes = 0;
  for (const auto& d : waiting) {
    const auto size = static_cast<std::size_t>(d.payload_bytes);
    if (groups.empty() || groups.back().size() >= s.max_dossiers || (bytes + size > s.max_bytes && !groups.back().empty())) {
      groups.emplace_back();
      bytes = 0;
    }
    groups.back().push_back(d);
    bytes += size;
  }
  return groups;
}

std::string_view officer_advice(hal::ErrorCode code) {
  switch (code) {
    case ErrorCode::kUnavailable:
      return "the registry could not be reached; check the network link, the batch stays queued";
    case ErrorCode::kTimeout:
      return "the link stalled or is too slow; the batch stays queued and resumes where it stopped";
    case ErrorCode::kPermissionDenied:
      return "the registry and this station do not trust each other (certificate expired, unknown, or the clock is "
             "wrong); call a technician";
    case ErrorCode::kFailedPrecondition:
      return "the registry refused the batch; call a technician";
    case ErrorCode::kCorrupt:
      return "the registry's answer failed its checks and was not applied; call a technician";
    case ErrorCode::kAlreadyExists:
      return "the registry holds a different batch under this number; call a technician";
    default:
      return "the batch could not be delivered";
  }
}

}  // namespace

std::string explain_sync_error(const hal::Error& error) {
  if (error.message.rfind(kClockSkewPrefix, 0) == 0)
    return "this station's date and time are wrong; have them set (a technician can), the batch stays queued (" +
           error.message + ")";
  return std::string(officer_advice(error.code)) + " (" + error.message + ")";
}

hal::Result<std::string> Syncer::make_batch(const std::vector<store::DossierSummary>& members) {
  auto head = store_.chain_head(settings_.station_id);
  if (!head) return head.error();
  std::vector<BatchDossier> dossiers;
  std::vector<hal::Bytes> sealed_hashes;  // what the store checks the dossiers against
  for (const auto& m : members) {
    auto d = store_.load_sealed(m.id);
    if (!d) return d.error();
    sealed_hashes.push_back(d->content_hash);
    auto record = registry_record(d->dossier, d->content_hash, settings_.registry_agency);
    if (!record) return hal::make_error(record.error().code, "dossier " + m.id + ": " + record.error().message);
    dossiers.push_back({m.id, std::move(record).value()});
  }
  Manifest header;
  header.station_id = settings_.station_id;
  header.sequence = head->next_sequence;
  header.batch_id = batch_id_for(settings_.station_id, header.sequence);
  header.previous_hash = head->previous_hash;
  // The batch carries the log's newest head out of the station (signed now,
  // so the store refuses if the log was tampered with).
  auto audit_head = store_.sign_audit_head();
  if (!audit_head) return audit_head.error();
  header.audit_head = {audit_head->seq, store::head_digest(*audit_head)};
  auto built = build_batch(header, dossiers, settings_.registry_certificate, {&keys_, settings_.sign_key, clock_.now()});
  for (auto& d : dossiers) std::fill(d.record.begin(), d.record.end(), std::uint8_t{0});
  if (!built) return built.error();
  store::NewBatch batch{built->manifest.batch_id, settings_.station_id, header.sequence, header.previous_hash,
                        built->hash, std::move(built->bytes), {}, false, header.audit_head.seq,
                        header.audit_head.digest};
  for (std::size_t i = 0; i < members.size(); ++i)
    batch.members.push_back({members[i].id, sealed_hashes[i], "pending", ""});
  HAL_TRY(store_.record_batch(batch, settings_.actor));
  return batch.id;
}

hal::Result<std::vector<std::string>> Syncer::make_batches() {
  auto waiting = store_.list({DossierState::kSealed, DossierState::kPersonalized});
  if (!waiting) return waiting.error();
  std::vector<std::string> made;
  for (const auto& members : group(*waiting, settings_)) {
    auto id = make_batch(members);
    if (!id) return id.error();
    made.push_back(*id);
  }
  return made;
}

hal::Status Syncer::apply_receipt(hal::ByteView cms, const std::string& via, const store::BatchInfo* sent) {
  auto receipt = verify_any_receipt(cms, registry_trust());
  if (!receipt) return receipt.error();
  if (sent) HAL_TRY(check_receipt_names(*receipt, sent->id, sent->hash));
  auto batch = store_.batch_info(receipt->batch_id);
  if (!batch) {
    if (batch.error().code != ErrorCode::kNotFound) return batch.error();
    return hal::make_error(ErrorCode::kFailedPrecondition,
                           "the receipt names batch " + receipt->batch_id + ", which this station does not hold; nothing changed");
  }
  if (batch->hash != receipt->batch_hash) {
    return hal::make_error(ErrorCode::kFailedPrecondition, "the receipt for batch " + receipt->batch_id +
                                                               " names another batch hash; nothing changed");
  }
  store::VerifiedReceipt verified{receipt->batch_id,        receipt->batch_hash,
                                  hal::Bytes(cms.begin(), cms.end()), receipt->accepted,
                                  receipt->rejected,        via,
                                  receipt->audit_head.seq,  receipt->audit_head.digest};
  return store_.record_receipt(verified, settings_.actor);
}

hal::Result<UploadOutcome> Syncer::upload_waiting(Uploader& uploader, const BatchProgress& progress) {
  auto waiting = store_.list_batches(true);
  if (!waiting) return waiting.error();
  UploadOutcome outcome;
  for (const auto& batch : *waiting) {
    auto content = store_.batch_content(batch.id);
    if (!content) return content.error();
    UploadReport report;
    auto receipt = uploader.upload(
        batch.id, *content, batch.hash,
        [&](std::uint64_t done, std::uint64_t total) {
          if (progress) progress(batch.id, done, total);
        },
        &report);
    hal::Status applied = receipt ? hal::Status{} : hal::Status(receipt.error());
    // The receipt must name this very batch before anything moves.
    if (receipt) applied = apply_receipt(*receipt, "upload", &batch);
    outcome.totals.bytes_sent += report.bytes_sent;
    outcome.totals.bytes_resent += report.bytes_resent;
    outcome.totals.requests += report.requests;
    outcome.totals.failures += report.failures;
    outcome.totals.waited += report.waited;
    HAL_TRY(store_.note_attempt(batch.id, applied ? "" : explain_sync_error(applied.error())));
    if (applied) {
      ++outcome.uploaded;
    } else {
      ++outcome.failed;
      outcome.errors.push_back("batch " + batch.id + ": " + explain_sync_error(applied.error()));
    }
  }
  return outcome;
}

hal::Result<std::int64_t> Syncer::purge_due() { return store_.purge_delivered(settings_.retention, settings_.actor); }

}  // namespace station::sync
