// The Store's state and the steps its public methods share. Each public
// method lives in the file for its concern (drafts, reading, transitions,
// health); this is what they have in common.
#pragma once

#include <optional>

#include "crypto.hpp"
#include "key_cache.hpp"
#include "sqlite.hpp"
#include "station/store/store.hpp"

namespace station::store {

// A dossiers row.
struct DossierRow {
  std::string id;
  DossierState state = DossierState::kDraft;
  std::string station_id;
  std::string officer_id;
  std::string supervisor_id;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t state_changed_at = 0;
  std::int64_t revision = 0;
  std::string wrap_key_id;
  hal::Bytes wrapped_key;
  hal::Bytes content_hash;
  hal::Bytes seal_signature;
  std::int64_t payload_bytes = 0;
};

class Store::Impl {
 public:
  Impl(StoreOptions options, Database db, hal::KeyStore* keys, const hal::Clock& clock)
      : options_(std::move(options)), db_(std::move(db)), keys_(keys), clock_(clock), cache_(16) {}

  const StoreOptions& options() const { return options_; }
  const Database& db() const { return db_; }
  KeyCache& cache() { return cache_; }

  std::int64_t now_ms() const;
  // kFailedPrecondition when the store was opened without a key store.
  hal::Result<hal::KeyStore*> keys(std::string_view doing) const;

  // kNotFound naming the id.
  hal::Result<DossierRow> read_row(std::string_view id) const;
  // The dossier's data key, unwrapped through the key store on first use.
  hal::Result<const DataKey*> data_key(const DossierRow& row);
  hal::Result<const WrapKey*> wrap_key();
  hal::Result<hal::Bytes> signer_public_key();
  // Once per store: checks that what is wrapped to wrap_key unwraps again,
  // before any dossier depends on it.
  hal::Status check_wrap_round_trip(const DataKey& key, const hal::Bytes& wrapped);

  // Decrypts every record of a dossier into a Dossier (no seal check).
  hal::Result<dossier::Dossier> decrypt_dossier(const DossierRow& row);
  // kCorrupt unless a sealed dossier still matches its signed content hash.
  hal::Status check_seal(const DossierRow& row, const dossier::Dossier& dossier);

  // Saves one encrypted part of a draft in one transaction with its audit entry.
  hal::Status write_record(std::string_view id, std::string_view kind, hal::Bytes& plaintext, std::string_view actor);
  // Signs the audit head when audit_sign_every entries have gone unsigned.
  void sign_audit_head_when_due();

  // kCorrupt unless the row's state is where its audit history ends
  // (state_history.hpp): a state edited on the disk is never acted on.
  hal::Status check_state(const DossierRow& row) const;
  // Inside the caller's transaction: the registry holds the log up to the
  // signed head at `seq`; the acknowledgement is signed at once.
  hal::Status acknowledge_head(std::int64_t seq, const std::optional<hal::Bytes>& digest);
  // One state change with its audit entry, inside the caller's transaction;
  // `note` follows the move in the entry ("FROM -> TO; note").
  hal::Status move_state(const DossierRow& row, DossierState to, std::string_view actor, std::string_view note = {});
  // kBusy naming the dossier and the holder while a live process writes its
  // card (card_writes.cpp); `what` is the refused action.
  hal::Status refuse_card_in_progress(std::string_view id, std::string_view what) const;
  // Inside record_receipt's transaction: batched -> rejected, keeping the
  // batch and the registry's reason (rejections.cpp).
  hal::Status reject(const DossierRow& row, const std::string& batch_id, const std::string& reason,
                     std::string_view actor);
  // Sealing from draft, or from rejected with `supervisor_id`'s approval.
  hal::Status seal(std::string_view id, std::string_view actor, std::string_view supervisor_id);

 private:
  StoreOptions options_;
  Database db_;
  hal::KeyStore* keys_;
  const hal::Clock& clock_;
  KeyCache cache_;
  std::optional<WrapKey> wrap_key_;
  std::optional<hal::Bytes> signer_spki_;
  bool wrap_round_trip_checked_ = false;
};

dossier::TimePoint from_millis(std::int64_t ms);
std::int64_t to_millis(dossier::TimePoint t);
std::string describe_record(std::string_view dossier_id, std::string_view kind);

}  // namespace station::store
