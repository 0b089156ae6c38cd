#include "intake.hpp"

#include <openssl/cms.h>

#include <ctime>
#include <memory>

#include "station/sync/registry_record.hpp"
#include "station/sync/batch.hpp"
#include "station/sync/receipt.hpp"

namespace registry {

namespace {

IntakeResult refuse(int status, std::string reason) { return {false, status, std::move(reason), {}}; }

hal::Result<hal::Bytes> decrypt(const IntakeKeys& keys, hal::ByteView envelope) {
  const unsigned char* p = envelope.data();
  std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)> cms(
      d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(envelope.size())), CMS_ContentInfo_free);
  if (!cms) return hal::make_error(hal::ErrorCode::kCorrupt, "the encrypted content is not CMS");
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
  if (CMS_decrypt(cms.get(), keys.decryption_key, keys.decryption_certificate, nullptr, out.get(), CMS_BINARY) != 1)
    return hal::make_error(hal::ErrorCode::kCorrupt, "the content does not decrypt with the registry's key");
  char* data = nullptr;
  const long n = BIO_get_mem_data(out.get(), &data);
  return hal::Bytes(reinterpret_cast<std::uint8_t*>(data), reinterpret_cast<std::uint8_t*>(data) + n);
}

}  // namespace

IntakeResult take_in(RegistryDb& db, const IntakeKeys& keys, const std::string& batch_id, hal::ByteView file) {
  auto opened = station::sync::open_batch(file, {keys.station_anchors, std::chrono::system_clock::now(), {}});
  if (!opened) return refuse(opened.error().code == hal::ErrorCode::kPermissionDenied ? 403 : 422, opened.error().message);
  const auto& m = opened->manifest;
  if (m.batch_id != batch_id) return refuse(422, "the file holds batch " + m.batch_id + ", not " + batch_id);
  auto end = db.chain(m.station_id);
  if (m.sequence != end.last_sequence + 1)
    return refuse(422, "batch " + m.batch_id + " is out of order: the registry expects sequence " +
                           std::to_string(end.last_sequence + 1) + " from " + m.station_id);
  if (m.previous_hash != end.last_hash)
    return refuse(422, "batch " + m.batch_id + " does not chain to the station's previous batch");
  // The head each batch carries anchors the station's audit log here: one
  // behind what an earlier batch carried means the log was cut back.
  if (m.audit_head.seq < end.last_audit_seq)
    return refuse(422, "batch " + m.batch_id + " carries audit head " + std::to_string(m.audit_head.seq) +
                           ", behind head " + std::to_string(end.last_audit_seq) +
                           " that the station's previous batch carried: its audit log was rolled back");
  auto plaintext = decrypt(keys, opened->envelope);
  if (!plaintext) return refuse(422, plaintext.error().message);
  auto dossiers = station::sync::read_batch_content(*plaintext, opened->manifest_text);
  if (!dossiers) return refuse(422, dossiers.error().message);

  RegistryDb::Accepted accepted{m.batch_id, m.station_id, m.sequence, opened->hash, {}, {}, {}, m.audit_head.seq};
  station::sync::Receipt receipt{m.batch_id, opened->hash, m.station_id, m.sequence, {}, {},
                                 station::sync::utc_text(std::chrono::system_clock::now()), m.audit_head};
  for (std::size_t i = 0; i < dossiers->size(); ++i) {
    const auto& d = (*dossiers)[i];
    std::string reason;
    if (auto seen = db.batch_of_dossier(d.id)) reason = "duplicate: already received in batch " + *seen;
    else if (auto record = station::sync::read_registry_record(d.record); !record) reason = record.error().message;
    else if (record->dossier_id != d.id) reason = "the record inside names dossier " + record->dossier_id;
    if (reason.empty()) {
      receipt.accepted.push_back(d.id);
      accepted.dossiers.emplace_back(d.id, m.dossiers[i].sha256);
    } else {
      receipt.rejected.emplace_back(d.id, reason);
      accepted.rejected.emplace_back(d.id, reason);
    }
  }
  auto signed_receipt = station::sync::sign_receipt(receipt, *keys.receipt_keys, keys.receipt_key_id,
                                                    std::chrono::system_clock::now());
  if (!signed_receipt) return refuse(500, signed_receipt.error().message);
  accepted.receipt = *signed_receipt;
  auto kept = db.complete(accepted);
  if (!kept) return refuse(500, kept.error().message);
  return {true, 200, {}, std::move(*signed_receipt)};
}

}  // namespace registry
