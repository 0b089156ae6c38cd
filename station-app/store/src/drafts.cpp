// Creating a draft and saving it step by step.
#include <sys/statvfs.h>

#include "audit_log.hpp"
#include "record_format.hpp"
#include "station/dossier/serialization.hpp"
#include "store_impl.hpp"

namespace station::store {

namespace {

using hal::ErrorCode;

hal::Status check_free_space(const std::filesystem::path& db_path, std::uint64_t needed) {
  struct statvfs fs {};
  auto folder = db_path.has_parent_path() ? db_path.parent_path() : std::filesystem::path(".");
  if (::statvfs(folder.c_str(), &fs) != 0) return {};  // cannot tell; SQLite reports a real shortage
  std::uint64_t free_bytes = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
  if (free_bytes >= needed) return {};
  constexpr std::uint64_t kMiB = 1 << 20;
  return hal::make_error(ErrorCode::kNoSpace,
                         "only " + std::to_string(free_bytes / kMiB) + " MiB are free on the disk holding '" +
                             db_path.string() + "'; a new enrollment needs at least " +
                             std::to_string(needed / kMiB) +
                             " MiB; send pending batches or free space first (nothing was created)");
}

// A dossier the registry rejected is corrected as a draft is filled in; its
// re-seal then needs a supervisor (transitions.cpp).
hal::Status require_editable(const DossierRow& row) {
  if (row.state == DossierState::kDraft || row.state == DossierState::kRejected) return {};
  return hal::make_error(ErrorCode::kFailedPrecondition, "dossier " + row.id + " is " +
                                                             std::string(to_string(row.state)) +
                                                             "; only a draft, or a dossier the registry rejected, "
                                                             "can be changed");
}

hal::Status refuse_malformed(const std::vector<dossier::FieldError>& errors, std::string_view id, std::string_view part) {
  if (errors.empty()) return {};
  return dossier::to_error(errors, "the " + std::string(part) + " of dossier " + std::string(id) + " was not saved");
}

std::string size_detail(std::string_view kind, std::int64_t version, std::size_t bytes) {
  return std::string(kind) + " v" + std::to_string(version) + ", " + std::to_string(bytes) + " bytes";
}

struct StoredVersion {
  std::int64_t version = 0;
  std::int64_t bytes = 0;
};

hal::Result<StoredVersion> stored_version(const Database& db, std::string_view id, std::string_view kind) {
  auto q = db.prepare("SELECT version, length(sealed_payload) FROM records WHERE dossier_id = ? AND kind = ?",
                      "reading " + describe_record(id, kind));
  if (!q) return q.error();
  q->bind(1, id).bind(2, kind);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return StoredVersion{};
  return StoredVersion{q->integer(0), q->integer(1)};
}

}  // namespace

hal::Result<std::string> Store::create_draft(std::string_view officer_id) {
  auto& s = *impl_;
  if (officer_id.empty()) return hal::make_error(ErrorCode::kInvalidArgument, "a draft needs the officer's id");
  if (s.options().station_id.empty()) {
    return hal::make_error(ErrorCode::kFailedPrecondition, "no station id is configured ([store] station_id)");
  }
  HAL_TRY(check_free_space(s.db().path(), s.options().min_free_bytes));
  auto wrap = s.wrap_key();
  if (!wrap) return wrap.error();
  auto key = DataKey::generate();
  if (!key) return key.error();
  auto wrapped = (*wrap)->wrap(*key);
  if (!wrapped) return wrapped.error();
  HAL_TRY(s.check_wrap_round_trip(*key, *wrapped));
  auto id = new_uuid();
  if (!id) return id.error();

  std::string doing = "creating draft dossier " + *id;
  auto tx = Transaction::begin(s.db(), doing);
  if (!tx) return tx.error();
  auto insert = s.db().prepare(
      "INSERT INTO dossiers (id, state, station_id, officer_id, created_at, updated_at, state_changed_at, wrap_key_id, "
      "wrapped_key) VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?)",
      doing);
  if (!insert) return insert.error();
  std::int64_t now = s.now_ms();
  insert->bind(1, *id).bind(2, s.options().station_id).bind(3, officer_id).bind(4, now).bind(5, now).bind(6, now);
  HAL_TRY(insert->bind(7, s.options().wrap_key).bind(8, *wrapped).run());
  HAL_TRY(append_audit(s.db(), now, std::string(officer_id), "draft.create", *id,
                       "station " + s.options().station_id));
  HAL_TRY(tx->commit());
  s.cache().put(*id, std::move(key).value());
  s.sign_audit_head_when_due();
  return id;
}

hal::Status Store::Impl::write_record(std::string_view id, std::string_view kind, hal::Bytes& plaintext,
                                      std::string_view actor) {
  auto row = read_row(id);
  if (!row) return row.error();
  HAL_TRY(require_editable(*row));
  auto key = data_key(*row);
  if (!key) return key.error();

  std::string doing = "saving " + describe_record(id, kind);
  auto tx = Transaction::begin(db_, doing);
  if (!tx) return tx.error();
  auto current = read_row(id);  // under the write lock now
  if (!current) return current.error();
  HAL_TRY(check_state(*current));
  HAL_TRY(require_editable(*current));
  auto stored = stored_version(db_, id, kind);
  if (!stored) return stored.error();
  std::int64_t version = stored->version + 1;
  auto sealed = aes_gcm_seal(**key, record_aad(id, kind, version), plaintext);
  if (!sealed) return sealed.error();
  auto upsert = db_.prepare(
      "INSERT INTO records (dossier_id, kind, version, sealed_payload) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (dossier_id, kind) DO UPDATE SET version = excluded.version, sealed_payload = excluded.sealed_payload",
      doing);
  if (!upsert) return upsert.error();
  HAL_TRY(upsert->bind(1, id).bind(2, kind).bind(3, version).bind(4, *sealed).run());
  auto touch = db_.prepare(
      "UPDATE dossiers SET updated_at = ?, revision = revision + 1, payload_bytes = payload_bytes + ? WHERE id = ?", doing);
  if (!touch) return touch.error();
  std::int64_t now = now_ms();
  auto growth = static_cast<std::int64_t>(sealed->size()) - stored->bytes;
  HAL_TRY(touch->bind(1, now).bind(2, growth).bind(3, id).run());
  HAL_TRY(append_audit(db_, now, std::string(actor), "record.save", std::string(id),
                       size_detail(kind, version, sealed->size())));
  HAL_TRY(tx->commit());
  sign_audit_head_when_due();
  return {};
}

hal::Status Store::save_demographics(std::string_view id, const dossier::Demographics& demographics,
                                     std::string_view actor) {
  auto today = dossier::civil_date(from_millis(impl_->now_ms()));
  HAL_TRY(refuse_malformed(dossier::validate_demographics(demographics, dossier::Stage::kDraft, today), id,
                           "demographics"));
  hal::Bytes plaintext = dossier::encode(demographics);
  auto status = impl_->write_record(id, kDemographicsKind, plaintext, actor);
  wipe(plaintext);
  return status;
}

hal::Status Store::save_face(std::string_view id, const dossier::Capture& face, std::string_view actor) {
  HAL_TRY(refuse_malformed(dossier::validate_face(face, dossier::Stage::kDraft, impl_->options().quality, true), id,
                           "face photo"));
  hal::Bytes plaintext = dossier::encode(face);
  auto status = impl_->write_record(id, kFaceKind, plaintext, actor);
  wipe(plaintext);
  return status;
}

hal::Status Store::save_finger(std::string_view id, int position, const dossier::FingerSlot& slot,
                               std::string_view actor) {
  if (position < 1 || position > dossier::kFingerCount) {
    return hal::make_error(ErrorCode::kInvalidArgument,
                           "finger position " + std::to_string(position) + " does not exist; use 1..10 (ANSI/NIST)");
  }
  HAL_TRY(refuse_malformed(dossier::validate_finger(slot, position, dossier::Stage::kDraft, impl_->options().quality, true),
                           id, std::string(dossier::finger_name(position))));
  hal::Bytes plaintext = dossier::encode(slot);
  auto status = impl_->write_record(id, finger_kind(position), plaintext, actor);
  wipe(plaintext);
  return status;
}

hal::Status Store::set_supervisor(std::string_view id, std::string_view supervisor_id, std::string_view actor) {
  auto& s = *impl_;
  std::string doing = "recording the supervisor of dossier " + std::string(id);
  auto tx = Transaction::begin(s.db(), doing);
  if (!tx) return tx.error();
  auto row = s.read_row(id);
  if (!row) return row.error();
  HAL_TRY(s.check_state(*row));
  HAL_TRY(require_editable(*row));
  if (!supervisor_id.empty() && supervisor_id == row->officer_id) {
    return hal::make_error(ErrorCode::kInvalidArgument, "supervisor_id " + std::string(supervisor_id) +
                                                            " is the officer's own id; another person must approve");
  }
  auto update = s.db().prepare("UPDATE dossiers SET supervisor_id = ?, updated_at = ?, revision = revision + 1 WHERE id = ?",
                               doing);
  if (!update) return update.error();
  std::int64_t now = s.now_ms();
  HAL_TRY(update->bind(1, supervisor_id).bind(2, now).bind(3, id).run());
  HAL_TRY(append_audit(s.db(), now, std::string(actor), "dossier.supervisor", std::string(id),
                       "supervisor " + std::string(supervisor_id)));
  HAL_TRY(tx->commit());
  s.sign_audit_head_when_due();
  return {};
}

}  // namespace station::store
