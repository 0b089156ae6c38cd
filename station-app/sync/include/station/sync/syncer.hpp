// The station's side of sync over the store: groups waiting dossiers into
// signed, encrypted batches (recorded with their dossiers' move to batched
// in one transaction), uploads what waits, applies verified receipts (moving
// accepted dossiers to delivered in one transaction) and purges biometrics
// once a receipt is older than the retention period.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hal/clock.hpp"
#include "hal/key_store.hpp"
#include "hal/result.hpp"
#include "station/store/store.hpp"
#include "station/sync/signed_message.hpp"
#include "station/sync/uploader.hpp"

namespace station::sync {

struct SyncSettings {
  std::string station_id;
  std::string registry_agency = "NPD";      // 1.007 DAI of every registry record
  std::string sign_key = "station-ec";      // signs batches and media indexes
  hal::Bytes registry_certificate;          // DER: batches are encrypted to it
  std::vector<hal::Bytes> registry_anchors; // DER: the registry CA receipts must chain to
  std::vector<hal::Bytes> station_anchors;  // DER: the station CA (a relay checks imported batches)
  std::vector<RevocationList> registry_crls;  // the registry CA's: receipt signers revoked
  std::vector<RevocationList> station_crls;   // the station CA's: batch signers revoked
  std::size_t max_dossiers = 100;           // per batch
  std::size_t max_bytes = 16u << 20;        // per batch, of encrypted payload held (an estimate of size)
  std::chrono::seconds retention{7 * 24 * 3600};  // receipt age before biometrics are purged
  std::string actor = "sync";
};

struct UploadOutcome {
  int uploaded = 0;    // batches whose receipt was verified and applied
  int failed = 0;
  std::vector<std::string> errors;  // one sentence per failed batch
  UploadReport totals;
};

// (batch id, bytes the registry holds, total)
using BatchProgress = std::function<void(const std::string&, std::uint64_t, std::uint64_t)>;

// A failed delivery in the words an officer acts on ("the registry could
// not be reached: check the network link"), the technical reason after it.
std::string explain_sync_error(const hal::Error& error);

class Syncer {
 public:
  Syncer(store::Store& store, hal::KeyStore& keys, hal::Clock& clock, SyncSettings settings)
      : store_(store), keys_(keys), clock_(clock), settings_(std::move(settings)) {}

  // Batches every sealed or personalized dossier; returns the new batch ids.
  hal::Result<std::vector<std::string>> make_batches();
  // Uploads every batch without a receipt, oldest first, and applies each
  // receipt. A batch that fails is counted and the next one is tried.
  hal::Result<UploadOutcome> upload_waiting(Uploader& uploader, const BatchProgress& progress);
  // Verifies a receipt once (signature, a batch held here, its hash; with
  // `sent`, that it names that very batch) and applies it. Nothing changes
  // when any check fails.
  hal::Status apply_receipt(hal::ByteView cms, const std::string& via, const store::BatchInfo* sent = nullptr);
  hal::Result<std::int64_t> purge_due();

  // Receipts: only the registry's receipt key, certified by the registry CA.
  Trust registry_trust() const {
    return {settings_.registry_anchors, clock_.now(), kReceiptSigningEku, settings_.registry_crls};
  }
  Trust station_trust() const { return {settings_.station_anchors, clock_.now(), {}, settings_.station_crls}; }
  const SyncSettings& settings() const { return settings_; }
  store::Store& store() { return store_; }
  hal::KeyStore& keys() { return keys_; }
  hal::Clock& clock() { return clock_; }

 private:
  hal::Result<std::string> make_batch(const std::vector<store::DossierSummary>& group);

  store::Store& store_;
  hal::KeyStore& keys_;
  hal::Clock& clock_;
  SyncSettings settings_;
};

}  // namespace station::sync
