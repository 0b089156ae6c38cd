// The station's pending dossiers in one SQLite database: durable (WAL,
// synchronous=FULL, one transaction per step), encrypted at rest (AES-256-GCM
// under a per-dossier key wrapped through hal::KeyStore) and audited (a
// hash-chained log whose head the station key signs). README.md has the
// design; this header is the whole interface.
//
// A Store is used from one thread. Several processes may open the same file
// (SQLite locks it); a writer waits up to busy_timeout, then gets kBusy.
// Every failed call leaves the stored state as it was.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hal/clock.hpp"
#include "hal/key_store.hpp"
#include "hal/result.hpp"
#include "station/dossier/dossier.hpp"
#include "station/dossier/validation.hpp"
#include "station/store/audit.hpp"
#include "station/store/batches.hpp"
#include "station/store/dossier_state.hpp"

namespace station::store {

struct StoreOptions {
  std::filesystem::path path;        // the database file; its folder is made (mode 0700) if missing
  std::string station_id;            // written into every new dossier
  std::string wrap_key = "station-rsa";  // RSA key in the KeyStore that wraps data keys
  std::string sign_key = "station-ec";   // EC P-256 key that signs seals and audit heads
  int audit_sign_every = 50;         // sign the audit head after this many new entries (0: only on demand)
  std::uint64_t min_free_bytes = 64ull << 20;  // create_draft refuses below this much free disk
  std::chrono::milliseconds busy_timeout{5000};
  std::string vfs;                   // SQLite VFS name; "" = default (tests inject faults through their own)
  dossier::QualityRules quality;
};

struct DossierSummary {
  std::string id;
  DossierState state = DossierState::kDraft;
  std::string station_id;
  std::string officer_id;
  dossier::TimePoint created_at{};
  dossier::TimePoint state_since{};
  std::int64_t payload_bytes = 0;  // encrypted bytes held for it
};

// A sealed dossier and the content hash it was sealed under (SHA-256 of its
// encoding): what a batch member and the card journal's binding name.
struct SealedDossier {
  dossier::Dossier dossier;
  hal::Bytes content_hash;
};

struct CheckReport {
  std::int64_t dossiers = 0;
  std::int64_t records = 0;
  std::int64_t records_decrypted = 0;  // with check(true)
  AuditReport audit;
  std::vector<std::string> problems;   // empty when all is well
};

class Store {
 public:
  // Opens or creates the database and brings its schema up to date.
  // `keys` may be null for callers that only list and check (no decryption,
  // no signing); `clock` stamps every change. Errors: kUnavailable (cannot
  // open or create), kUnsupported (schema newer than this software, or no
  // WAL on this filesystem), kBusy, kCorrupt, kIo, kNoSpace.
  static hal::Result<std::unique_ptr<Store>> open(const StoreOptions& options, hal::KeyStore* keys,
                                                  const hal::Clock& clock);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // -- Drafts: every step is saved at once, so an enrollment resumes after a
  // crash. Saves are refused (kFailedPrecondition) once a dossier is sealed,
  // and (kInvalidArgument, naming the fields) when the part is malformed.

  // A new draft by `officer_id`; returns its id. kNoSpace when less than
  // min_free_bytes are free.
  hal::Result<std::string> create_draft(std::string_view officer_id);
  hal::Status save_demographics(std::string_view id, const dossier::Demographics& demographics, std::string_view actor);
  hal::Status save_face(std::string_view id, const dossier::Capture& face, std::string_view actor);
  // `position` is the ANSI/NIST finger position 1..10.
  hal::Status save_finger(std::string_view id, int position, const dossier::FingerSlot& slot, std::string_view actor);
  hal::Status set_supervisor(std::string_view id, std::string_view supervisor_id, std::string_view actor);

  // -- Reading. kNotFound for an unknown id; kCorrupt when a record fails its
  // authentication, or a sealed dossier no longer matches its signed content
  // hash.

  hal::Result<dossier::Dossier> load(std::string_view id);
  // load() with the content hash the seal signs, already checked against the
  // records on the way: callers bind to it without encoding and hashing the
  // dossier again. kFailedPrecondition for a dossier that was never sealed.
  hal::Result<SealedDossier> load_sealed(std::string_view id);
  // Records in the audit log that `actor` was shown dossier `id` (what = "demographics",
  // "biometrics"); callers that display citizen data call it first. kNotFound for an unknown id.
  hal::Status record_view(std::string_view id, std::string_view actor, std::string_view what);
  hal::Result<DossierSummary> summary(std::string_view id);
  // The dossier whose id is `id_or_prefix` or, failing that, the only one
  // starting with it (at least 8 characters). kInvalidArgument when several match.
  hal::Result<std::string> resolve_id(std::string_view id_or_prefix);
  // Dossiers in any of `states` (all when empty), oldest first.
  hal::Result<std::vector<DossierSummary>> list(const std::vector<DossierState>& states);
  hal::Result<std::map<DossierState, std::int64_t>> count_by_state();

  // -- State changes, each one transaction with its audit entry. Sealing
  // checks the whole dossier (kInvalidArgument naming every field to fix),
  // takes its content hash and signs it. Purging removes the face and
  // fingers and keeps the demographics and the record of delivery.
  // kFailedPrecondition naming both states for a move the state diagram
  // does not allow.
  hal::Status transition(std::string_view id, DossierState to, std::string_view actor);

  // -- The audit log.
  // Appends one entry in its own transaction, for what happens outside the
  // dossiers (an officer's log-in, a lockout, a refused action, an approval),
  // so the whole station has one tamper-evident log. `detail` never holds
  // citizen data. Errors: those of a write (kBusy, kIo, kNoSpace).
  hal::Status record_action(std::string_view actor, std::string_view action, std::string_view object,
                            std::string_view detail);
  hal::Result<AuditHead> sign_audit_head();
  // A broken chain is reported in AuditReport::broken; signatures are checked
  // when the store has a key store.
  hal::Result<AuditReport> verify_audit();
  hal::Status acknowledge_audit(std::int64_t up_to_seq);
  hal::Result<std::int64_t> prune_acknowledged_audit();

  // -- Health: SQLite's integrity_check and foreign_key_check, the store's
  // own rules (every sealed dossier complete, sizes adding up, no half-
  // written record) and the audit chain. With `decrypt`, every record is
  // also decrypted and every sealed dossier's hash and signature checked.
  // Problems are listed in the report; errors are failures to look.
  hal::Result<CheckReport> check(bool decrypt);

  // -- Sync (batches.hpp; station-app/sync builds and verifies the bytes).

  // The end of `origin_station`'s chain of batches held here.
  hal::Result<ChainHead> chain_head(std::string_view origin_station);
  // One transaction: stores the batch and its members and, for this
  // station's own batch, moves every member sealed/personalized -> batched
  // after checking its content hash is the one sealed. kFailedPrecondition
  // (nothing changed) when the chain moved on since chain_head, a member is
  // no longer waiting, or its hash differs; kAlreadyExists for a batch id
  // held with another hash (the same id and hash again is a success).
  hal::Status record_batch(const NewBatch& batch, std::string_view actor);
  // Oldest first; `waiting_only` leaves out receipted batches.
  hal::Result<std::vector<BatchInfo>> list_batches(bool waiting_only);
  hal::Result<BatchInfo> batch_info(std::string_view batch_id);
  hal::Result<hal::Bytes> batch_content(std::string_view batch_id);
  hal::Result<std::vector<BatchMember>> batch_members(std::string_view batch_id);
  // Counts an upload attempt; `error` empty for success.
  hal::Status note_attempt(std::string_view batch_id, std::string_view error);
  // One transaction: keeps the verified receipt, records each member's
  // outcome and moves this station's accepted dossiers batched -> delivered.
  // A second receipt for the same batch is ignored (kept first wins).
  // kNotFound for an unknown batch; kFailedPrecondition (nothing changed)
  // when the receipt's hash is not the batch's or it names a dossier the
  // batch does not hold.
  hal::Status record_receipt(const VerifiedReceipt& receipt, std::string_view actor);
  hal::Result<hal::Bytes> receipt_content(std::string_view batch_id);
  // Purges (transition to purged) every delivered dossier whose receipt is
  // at least `retention` old; returns how many.
  hal::Result<std::int64_t> purge_delivered(std::chrono::seconds retention, std::string_view actor);
  hal::Status record_custody(const CustodyRecord& record);

  // -- Refused by the registry. record_receipt moves each dossier the receipt
  // of an own batch rejects batched -> rejected and keeps the reason. A
  // rejected dossier can be corrected (the save_* calls accept it as they do
  // a draft) and goes back to sealed only through reseal(), with the
  // approving supervisor kept on the dossier and in the audit entry
  // (transition(id, kSealed) refuses it: kPermissionDenied). The caller has
  // logged the supervisor in. reseal: kFailedPrecondition unless rejected,
  // kInvalidArgument without a supervisor, then what sealing returns.
  hal::Result<std::vector<Rejection>> rejections();
  hal::Status reseal(std::string_view id, std::string_view supervisor_id);

  // -- Card writes, one at a time per dossier across every process sharing
  // the file: a lease row naming this process (pid and start time), taken
  // in a write transaction. While it is held by a live process, a second
  // begin_card_write and record_batch of the dossier are refused (kBusy,
  // naming the dossier and the holder); the lease of a process that died is
  // taken over (audited as card.write_reclaimed). begin_card_write also
  // refuses a dossier that is not sealed, or had a card written before
  // (kFailedPrecondition). end_card_write lets go of this process's lease.
  hal::Status begin_card_write(std::string_view id, std::string_view actor);
  hal::Status end_card_write(std::string_view id);
  hal::Result<std::vector<CustodyRecord>> custody_log();

  // Wipes the data keys held in memory.
  void forget_keys();

  const std::filesystem::path& path() const;

  class Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace station::store
