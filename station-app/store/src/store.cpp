// Opening the store, the steps shared by its methods, and the audit calls.
#include <algorithm>
#include <limits>

#include "audit_chain.hpp"
#include "audit_log.hpp"
#include "hal/files.hpp"
#include "migrate.hpp"
#include "record_format.hpp"
#include "state_history.hpp"
#include "store_impl.hpp"
#include "station/sqlite/private_file.hpp"

namespace station::store {

namespace {

using hal::ErrorCode;

constexpr const char* kConnectionPragmas =
    "PRAGMA foreign_keys = ON;"
    "PRAGMA synchronous = FULL;"       // every commit is on the disk before it returns
    "PRAGMA secure_delete = ON;"       // replaced and purged records are zeroed, not left in free pages
    "PRAGMA cell_size_check = ON;"     // notice a damaged page before trusting it
    "PRAGMA journal_size_limit = 67108864;";

hal::Status configure(const Database& db) {
  HAL_TRY(db.exec(kConnectionPragmas, "configuring the dossier store"));
  auto mode = db.query_text("PRAGMA journal_mode = WAL", "switching the dossier store to write-ahead logging");
  if (!mode) return mode.error();
  if (*mode != "wal") {
    return hal::make_error(ErrorCode::kUnsupported, "the filesystem holding '" + db.path().string() +
                                                        "' cannot keep a write-ahead log (journal mode stays '" +
                                                        *mode + "'); put the store on a local disk");
  }
  return {};
}

DossierState state_from_text(const std::string& text) {
  auto parsed = parse_state(text);
  return parsed ? *parsed : DossierState::kDraft;  // the CHECK constraint admits only known states
}

}  // namespace

// Clamped so that a damaged row cannot overflow the clock's nanoseconds.
dossier::TimePoint from_millis(std::int64_t ms) {
  constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 1'000'000;
  return dossier::TimePoint(std::chrono::milliseconds(std::clamp(ms, -kLimit, kLimit)));
}
std::int64_t to_millis(dossier::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string describe_record(std::string_view dossier_id, std::string_view kind) {
  return "record '" + std::string(kind) + "' of dossier " + std::string(dossier_id);
}

hal::Result<std::unique_ptr<Store>> Store::open(const StoreOptions& options, hal::KeyStore* keys,
                                                const hal::Clock& clock) {
  if (options.path.empty()) {
    return hal::make_error(ErrorCode::kInvalidArgument, "no database path was given ([store] path)");
  }
  HAL_TRY(sqlite::create_private_file(options.path, "the store", "[store] path"));
  auto db = Database::open(options.path, options.vfs, options.busy_timeout,
                           {"the dossier store", "run `station store check` and restore it from a backup"});
  if (!db) return db.error();
  HAL_TRY(configure(*db));
  HAL_TRY(migrate(*db));
  auto impl = std::make_unique<Impl>(options, std::move(db).value(), keys, clock);
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

const std::filesystem::path& Store::path() const { return impl_->db().path(); }

void Store::forget_keys() { impl_->cache().forget_all(); }

std::int64_t Store::Impl::now_ms() const { return to_millis(clock_.now()); }

hal::Result<hal::KeyStore*> Store::Impl::keys(std::string_view doing) const {
  if (keys_ == nullptr) {
    return hal::make_error(ErrorCode::kFailedPrecondition,
                           std::string(doing) + " needs the station's keys, and the store was opened without them");
  }
  return keys_;
}

hal::Result<DossierRow> Store::Impl::read_row(std::string_view id) const {
  auto q = db_.prepare(
      "SELECT id, state, station_id, officer_id, supervisor_id, created_at, updated_at, state_changed_at, revision, "
      "wrap_key_id, wrapped_key, content_hash, seal_signature, payload_bytes FROM dossiers WHERE id = ?",
      "reading dossier " + std::string(id));
  if (!q) return q.error();
  q->bind(1, id);
  auto found = q->step();
  if (!found) return found.error();
  if (!*found) return hal::make_error(ErrorCode::kNotFound, "there is no dossier " + std::string(id) + " in this store");
  return DossierRow{q->text(0),    state_from_text(q->text(1)), q->text(2),    q->text(3),    q->text(4),
                    q->integer(5), q->integer(6),                q->integer(7), q->integer(8), q->text(9),
                    q->blob(10),   q->blob(11),                  q->blob(12),   q->integer(13)};
}

hal::Result<const DataKey*> Store::Impl::data_key(const DossierRow& row) {
  if (const DataKey* cached = cache_.find(row.id)) return cached;
  auto store = keys("decrypting dossier " + row.id);
  if (!store) return store.error();
  auto raw = (*store)->decrypt(row.wrap_key_id, row.wrapped_key);
  if (!raw) {
    if (raw.error().code != ErrorCode::kCorrupt) return raw.error();
    return hal::make_error(ErrorCode::kCorrupt, "the data key of dossier " + row.id + " does not unwrap with key '" +
                                                    row.wrap_key_id +
                                                    "': the stored wrapped key was altered, or the token holds "
                                                    "another key (" + raw.error().message + ")");
  }
  auto key = DataKey::adopt(*raw);
  if (!key) return hal::make_error(ErrorCode::kCorrupt, "dossier " + row.id + ": " + key.error().message);
  return &cache_.put(row.id, std::move(key).value());
}

hal::Result<const WrapKey*> Store::Impl::wrap_key() {
  if (wrap_key_) return &*wrap_key_;
  auto store = keys("wrapping a data key");
  if (!store) return store.error();
  auto spki = (*store)->public_key(options_.wrap_key);
  if (!spki) return spki.error();
  auto key = WrapKey::from_spki(*spki, options_.wrap_key);
  if (!key) return key.error();
  wrap_key_ = std::move(key).value();
  return &*wrap_key_;
}

hal::Result<hal::Bytes> Store::Impl::signer_public_key() {
  if (signer_spki_) return *signer_spki_;
  auto store = keys("checking the station's signatures");
  if (!store) return store.error();
  auto spki = (*store)->public_key(options_.sign_key);
  if (!spki) return spki.error();
  signer_spki_ = *spki;
  return *signer_spki_;
}

hal::Status Store::Impl::check_wrap_round_trip(const DataKey& key, const hal::Bytes& wrapped) {
  if (wrap_round_trip_checked_) return {};
  auto store = keys("checking the wrap key");
  if (!store) return store.error();
  auto unwrapped = (*store)->decrypt(options_.wrap_key, wrapped);
  if (!unwrapped) return unwrapped.error();
  bool same = hal::ByteView(*unwrapped).size() == key.bytes().size() &&
              std::equal(unwrapped->begin(), unwrapped->end(), key.bytes().begin());
  wipe(*unwrapped);
  if (!same) {
    return hal::make_error(ErrorCode::kFailedPrecondition,
                           "key '" + options_.wrap_key +
                               "' does not unwrap what its own public key wraps; the token's key and certificate do "
                               "not match, so no dossier was created");
  }
  wrap_round_trip_checked_ = true;
  return {};
}

void Store::Impl::sign_audit_head_when_due() {
  if (keys_ == nullptr || options_.audit_sign_every <= 0) return;
  auto pending = unsigned_audit_entries(db_);
  if (!pending || *pending < options_.audit_sign_every) return;
  // Best effort: the change itself is already durable. If the token is away
  // the next change tries again, and `station audit verify` shows how many
  // entries wait for a signature.
  (void)store::sign_audit_head(db_, *keys_, options_.sign_key, now_ms());
}

hal::Status Store::record_action(std::string_view actor, std::string_view action, std::string_view object,
                                 std::string_view detail) {
  std::string doing = "recording '" + std::string(action) + "' by " + std::string(actor) + " in the audit log";
  auto tx = Transaction::begin(impl_->db(), doing);
  if (!tx) return tx.error();
  HAL_TRY(append_audit(impl_->db(), impl_->now_ms(), std::string(actor), std::string(action), std::string(object),
                       std::string(detail)));
  HAL_TRY(tx->commit());
  impl_->sign_audit_head_when_due();
  return {};
}

hal::Result<AuditHead> Store::sign_audit_head() {
  auto keys = impl_->keys("signing the audit log");
  if (!keys) return keys.error();
  return store::sign_audit_head(impl_->db(), **keys, impl_->options().sign_key, impl_->now_ms());
}

hal::Result<AuditReport> Store::verify_audit() {
  std::optional<hal::Bytes> signer;
  if (impl_->keys("").ok()) {
    auto spki = impl_->signer_public_key();
    if (!spki) return spki.error();
    signer = std::move(spki).value();
  }
  return store::verify_audit(impl_->db(), signer);
}

hal::Status Store::Impl::check_state(const DossierRow& row) const {
  auto state = read_state(db_);
  if (!state) return state.error();
  return check_state_history(db_, row.id, row.state, state->pruned_seq);
}

hal::Status Store::Impl::acknowledge_head(std::int64_t seq, const std::optional<hal::Bytes>& digest) {
  auto store = keys("recording the registry's acknowledgement");
  if (!store) return store.error();
  auto changed = store::acknowledge_audit(db_, seq, digest, now_ms());
  if (!changed) return changed.error();
  if (!*changed) return {};
  auto head = store::sign_audit_head(db_, **store, options_.sign_key, now_ms(), true);
  if (!head) return head.error();
  return {};
}

hal::Status Store::acknowledge_audit(std::int64_t up_to_seq) {
  auto tx = Transaction::begin(impl_->db(), "recording the registry's acknowledgement of the audit log");
  if (!tx) return tx.error();
  HAL_TRY(impl_->acknowledge_head(up_to_seq, std::nullopt));
  return tx->commit();
}

// The prune changes the log's state, so it is signed in its own transaction:
// a prune anchor no head vouches for is a cut.
hal::Result<std::int64_t> Store::prune_acknowledged_audit() {
  auto& s = *impl_;
  auto store = s.keys("pruning the audit log");
  if (!store) return store.error();
  auto tx = Transaction::begin(s.db(), "pruning acknowledged audit entries");
  if (!tx) return tx.error();
  auto pruned = prune_audit(s.db(), s.now_ms());
  if (!pruned) return pruned.error();
  if (*pruned > 0) {
    auto head = store::sign_audit_head(s.db(), **store, s.options().sign_key, s.now_ms(), true);
    if (!head) return head.error();
  }
  HAL_TRY(tx->commit());
  return pruned;
}

}  // namespace station::store
