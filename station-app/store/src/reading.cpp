// Reading dossiers back: decryption of every record, the seal check, and the
// queue listings that need no key at all.
#include "audit_log.hpp"
#include "record_format.hpp"
#include "station/dossier/serialization.hpp"
#include "store_impl.hpp"

namespace station::store {

namespace {

using hal::ErrorCode;

bool is_sealed_state(DossierState state) {
  return state == DossierState::kSealed || state == DossierState::kPersonalized || state == DossierState::kBatched ||
         state == DossierState::kDelivered;
}

hal::Status decode_into(dossier::Dossier& out, std::string_view kind, hal::ByteView plaintext) {
  if (kind == kDemographicsKind) {
    auto demographics = dossier::decode_demographics(plaintext);
    if (!demographics) return demographics.error();
    out.demographics = std::move(demographics).value();
  } else if (kind == kFaceKind) {
    auto face = dossier::decode_capture(plaintext);
    if (!face) return face.error();
    out.face = std::move(face).value();
  } else if (auto position = finger_position(kind)) {
    auto slot = dossier::decode_finger_slot(plaintext);
    if (!slot) return slot.error();
    out.fingers[static_cast<std::size_t>(*position - 1)] = std::move(slot).value();
  } else {
    return hal::make_error(ErrorCode::kCorrupt, "unknown record kind '" + std::string(kind) + "'");
  }
  return {};
}

dossier::Dossier header_of(const DossierRow& row) {
  dossier::Dossier d;
  d.id = row.id;
  d.station_id = row.station_id;
  d.officer_id = row.officer_id;
  d.supervisor_id = row.supervisor_id;
  d.created_at = from_millis(row.created_at);
  d.updated_at = from_millis(row.updated_at);
  return d;
}

DossierSummary summary_of(Statement& q) {
  auto state = parse_state(q.text(1));
  return DossierSummary{q.text(0),
                        state ? *state : DossierState::kDraft,
                        q.text(2),
                        q.text(3),
                        from_millis(q.integer(4)),
                        from_millis(q.integer(5)),
                        q.integer(6)};
}

constexpr std::string_view kSummaryColumns =
    "SELECT id, state, station_id, officer_id, created_at, state_changed_at, payload_bytes FROM dossiers";

}  // namespace

hal::Result<dossier::Dossier> Store::Impl::decrypt_dossier(const DossierRow& row) {
  auto key = data_key(row);
  if (!key) return key.error();
  auto q = db_.prepare("SELECT kind, version, sealed_payload FROM records WHERE dossier_id = ? ORDER BY kind",
                       "reading the records of dossier " + row.id);
  if (!q) return q.error();
  q->bind(1, row.id);
  dossier::Dossier out = header_of(row);
  for (;;) {
    auto more = q->step();
    if (!more) return more.error();
    if (!*more) return out;
    std::string kind = q->text(0);
    std::int64_t version = q->integer(1);
    auto plaintext = aes_gcm_open(**key, record_aad(row.id, kind, version), q->blob(2));
    if (!plaintext) {
      return hal::make_error(plaintext.error().code, describe_record(row.id, kind) + " (version " +
                                                         std::to_string(version) + "): " + plaintext.error().message);
    }
    auto decoded = decode_into(out, kind, *plaintext);
    wipe(*plaintext);
    if (!decoded.ok()) {
      return hal::make_error(ErrorCode::kCorrupt, describe_record(row.id, kind) + ": " + decoded.error().message);
    }
  }
}

hal::Status Store::Impl::check_seal(const DossierRow& row, const dossier::Dossier& dossier) {
  if (!is_sealed_state(row.state)) return {};
  hal::Bytes encoded = dossier::encode(dossier);
  hal::Bytes hash = sha256(encoded);
  wipe(encoded);
  if (hash != row.content_hash) {
    return hal::make_error(ErrorCode::kCorrupt, "dossier " + row.id +
                                                    " no longer matches the content hash taken when it was sealed: a "
                                                    "record was replaced or removed since");
  }
  auto spki = signer_public_key();
  if (!spki) return spki.error();
  auto valid = ecdsa_signature_valid(*spki, seal_message(row.id, row.content_hash), row.seal_signature);
  if (!valid) return valid.error();
  if (!*valid) {
    return hal::make_error(ErrorCode::kCorrupt, "the seal of dossier " + row.id +
                                                    " does not carry a valid signature of the station key (key '" +
                                                    options_.sign_key + "'): it was forged or altered");
  }
  return {};
}

hal::Result<dossier::Dossier> Store::load(std::string_view id) {
  auto row = impl_->read_row(id);
  if (!row) return row.error();
  auto dossier = impl_->decrypt_dossier(*row);
  if (!dossier) return dossier.error();
  HAL_TRY(impl_->check_seal(*row, *dossier));
  return dossier;
}

hal::Result<SealedDossier> Store::load_sealed(std::string_view id) {
  auto row = impl_->read_row(id);
  if (!row) return row.error();
  if (!is_sealed_state(row->state)) {
    return hal::make_error(ErrorCode::kFailedPrecondition, "dossier " + row->id + " is " +
                                                               std::string(to_string(row->state)) +
                                                               ": it has no sealed content hash yet");
  }
  auto dossier = impl_->decrypt_dossier(*row);
  if (!dossier) return dossier.error();
  HAL_TRY(impl_->check_seal(*row, *dossier));
  return SealedDossier{std::move(dossier).value(), row->content_hash};
}

hal::Status Store::record_view(std::string_view id, std::string_view actor, std::string_view what) {
  std::string doing = "recording who viewed dossier " + std::string(id);
  auto tx = Transaction::begin(impl_->db(), doing);
  if (!tx) return tx.error();
  auto row = impl_->read_row(id);
  if (!row) return row.error();
  HAL_TRY(append_audit(impl_->db(), impl_->now_ms(), std::string(actor), "dossier.view", std::string(id),
                       std::string(what)));
  HAL_TRY(tx->commit());
  impl_->sign_audit_head_when_due();
  return {};
}

hal::Result<DossierSummary> Store::summary(std::string_view id) {
  auto q = impl_->db().prepare(std::string(kSummaryColumns) + " WHERE id = ?", "reading dossier " + std::string(id));
  if (!q) return q.error();
  q->bind(1, id);
  auto found = q->step();
  if (!found) return found.error();
  if (!*found) return hal::make_error(ErrorCode::kNotFound, "there is no dossier " + std::string(id) + " in this store");
  return summary_of(*q);
}

hal::Result<std::string> Store::resolve_id(std::string_view id_or_prefix) {
  constexpr std::size_t kMinPrefix = 8;
  std::string doing = "looking up dossier " + std::string(id_or_prefix);
  auto q = impl_->db().prepare("SELECT id FROM dossiers WHERE id = ?1 OR (length(?1) >= ?2 AND substr(id, 1, length(?1)) = ?1) LIMIT 2",
                               doing);
  if (!q) return q.error();
  q->bind(1, id_or_prefix).bind(2, static_cast<std::int64_t>(kMinPrefix));
  std::vector<std::string> found;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) break;
    found.push_back(q->text(0));
    if (found.back() == id_or_prefix) return found.back();
  }
  if (found.size() == 1) return found.front();
  if (found.empty()) {
    return hal::make_error(ErrorCode::kNotFound, "no dossier has the id '" + std::string(id_or_prefix) + "'" +
                                                     (id_or_prefix.size() < kMinPrefix ? " (give at least 8 characters)" : ""));
  }
  return hal::make_error(ErrorCode::kInvalidArgument,
                         "several dossiers start with '" + std::string(id_or_prefix) + "'; give more of the id");
}

hal::Result<std::vector<DossierSummary>> Store::list(const std::vector<DossierState>& states) {
  std::string sql(kSummaryColumns);
  if (!states.empty()) {
    sql += " WHERE state IN (";
    for (std::size_t i = 0; i < states.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
  }
  sql += " ORDER BY created_at, id";
  auto q = impl_->db().prepare(sql, "listing the dossier queue");
  if (!q) return q.error();
  for (std::size_t i = 0; i < states.size(); ++i) q->bind(static_cast<int>(i + 1), to_string(states[i]));
  std::vector<DossierSummary> out;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(summary_of(*q));
  }
}

hal::Result<std::map<DossierState, std::int64_t>> Store::count_by_state() {
  auto q = impl_->db().prepare("SELECT state, COUNT(*) FROM dossiers GROUP BY state", "counting dossiers");
  if (!q) return q.error();
  std::map<DossierState, std::int64_t> counts;
  for (auto state : all_states()) counts[state] = 0;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return counts;
    auto state = parse_state(q->text(0));
    if (state) counts[*state] = q->integer(1);
  }
}

}  // namespace station::store
