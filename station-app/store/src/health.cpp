// `station store check`: SQLite's own checks, then the store's rules.
#include <set>

#include "audit_log.hpp"
#include "record_format.hpp"
#include "state_history.hpp"
#include "store_impl.hpp"

namespace station::store {

namespace {

constexpr std::size_t kMaxProblemsPerCheck = 20;

// Runs a PRAGMA whose rows each describe a problem ("ok" alone: none).
hal::Status sqlite_check(const Database& db, const char* pragma, const char* name, std::vector<std::string>& problems) {
  auto q = db.prepare(pragma, std::string("running SQLite's ") + name);
  if (!q) return q.error();
  std::size_t found = 0;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return {};
    std::string line;
    for (int column = 0; column < q->columns(); ++column) {
      std::string value = q->text(column);
      if (!value.empty()) line += (line.empty() ? "" : " ") + value;
    }
    if (line == "ok") continue;
    if (++found <= kMaxProblemsPerCheck) problems.push_back(std::string(name) + ": " + line);
  }
}

bool needs_all_records(DossierState state) { return state != DossierState::kDraft && state != DossierState::kPurged; }

struct DossierRecords {
  DossierState state = DossierState::kDraft;
  bool sealed_fields_ok = true;
  std::set<std::string> kinds;
};

hal::Result<std::map<std::string, DossierRecords>> read_layout(const Database& db) {
  auto q = db.prepare(
      "SELECT d.id, d.state, length(d.content_hash) = 32 AND length(d.seal_signature) > 0, r.kind "
      "FROM dossiers d LEFT JOIN records r ON r.dossier_id = d.id",
      "reading the store's layout");
  if (!q) return q.error();
  std::map<std::string, DossierRecords> layout;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return layout;
    auto& entry = layout[q->text(0)];
    auto state = parse_state(q->text(1));
    entry.state = state ? *state : DossierState::kDraft;
    entry.sealed_fields_ok = q->integer(2) == 1;
    if (!q->is_null(3)) entry.kinds.insert(q->text(3));
  }
}

void check_layout(const std::map<std::string, DossierRecords>& layout, std::vector<std::string>& problems) {
  for (const auto& [id, d] : layout) {
    std::string name = "dossier " + id + " (" + std::string(to_string(d.state)) + ")";
    if (d.state != DossierState::kDraft && !d.sealed_fields_ok) {
      problems.push_back(name + " has no valid content hash and seal signature");
    }
    for (const auto& kind : d.kinds) {
      bool known = kind == kDemographicsKind || is_biometric(kind);
      if (!known) problems.push_back(name + " holds a record of unknown kind '" + kind + "'");
      if (d.state == DossierState::kPurged && is_biometric(kind)) {
        problems.push_back(name + " still holds biometric record '" + kind + "'");
      }
    }
    for (const auto& kind : complete_kinds()) {
      bool required = needs_all_records(d.state) || (d.state == DossierState::kPurged && kind == kDemographicsKind);
      if (required && !d.kinds.count(kind)) problems.push_back(name + " lacks its record '" + kind + "'");
    }
  }
}

hal::Status check_sizes(const Database& db, std::vector<std::string>& problems) {
  auto q = db.prepare(
      "SELECT d.id, d.payload_bytes, COALESCE(SUM(length(r.sealed_payload)), 0) AS stored FROM dossiers d "
      "LEFT JOIN records r ON r.dossier_id = d.id GROUP BY d.id HAVING d.payload_bytes != stored",
      "adding up record sizes");
  if (!q) return q.error();
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) break;
    problems.push_back("dossier " + q->text(0) + " records " + std::to_string(q->integer(1)) +
                       " payload bytes but holds " + std::to_string(q->integer(2)));
  }
  auto short_records = db.prepare("SELECT dossier_id, kind FROM records WHERE length(sealed_payload) < ?",
                                  "looking for truncated records");
  if (!short_records) return short_records.error();
  short_records->bind(1, static_cast<std::int64_t>(kGcmNonceSize + kGcmTagSize));
  for (;;) {
    auto row = short_records->step();
    if (!row) return row.error();
    if (!*row) return {};
    problems.push_back(describe_record(short_records->text(0), short_records->text(1)) + " is truncated");
  }
}

// Every state column against the dossier's history in the audit log.
hal::Status check_states(const Database& db, const std::map<std::string, DossierRecords>& layout, std::int64_t pruned_seq,
                         std::vector<std::string>& problems) {
  std::size_t found = 0;
  for (const auto& [id, d] : layout) {
    auto checked = check_state_history(db, id, d.state, pruned_seq);
    if (checked) continue;
    if (checked.error().code != hal::ErrorCode::kCorrupt) return checked.error();
    if (++found <= kMaxProblemsPerCheck) problems.push_back(checked.error().message);
  }
  return {};
}

}  // namespace

hal::Result<CheckReport> Store::check(bool decrypt) {
  auto& s = *impl_;
  CheckReport report;
  HAL_TRY(sqlite_check(s.db(), "PRAGMA integrity_check", "integrity check", report.problems));
  HAL_TRY(sqlite_check(s.db(), "PRAGMA foreign_key_check", "foreign key check", report.problems));
  auto dossiers = s.db().query_integer("SELECT COUNT(*) FROM dossiers", "counting dossiers");
  auto records = s.db().query_integer("SELECT COUNT(*) FROM records", "counting records");
  if (!dossiers) return dossiers.error();
  if (!records) return records.error();
  report.dossiers = *dossiers;
  report.records = *records;
  auto layout = read_layout(s.db());
  if (!layout) return layout.error();
  check_layout(*layout, report.problems);
  HAL_TRY(check_sizes(s.db(), report.problems));

  std::optional<hal::Bytes> signer;
  if (decrypt) {
    auto spki = s.signer_public_key();
    if (!spki) return spki.error();
    signer = std::move(spki).value();
  }
  auto audit = store::verify_audit(s.db(), signer);
  if (!audit) return audit.error();
  report.audit = *audit;
  if (audit->broken) report.problems.push_back(audit->broken->reason);
  HAL_TRY(check_states(s.db(), *layout, audit->pruned_seq, report.problems));

  if (decrypt) {
    for (const auto& [id, d] : *layout) {
      auto loaded = load(id);
      if (!loaded) {
        if (loaded.error().code != hal::ErrorCode::kCorrupt) return loaded.error();
        report.problems.push_back(loaded.error().message);
        continue;
      }
      report.records_decrypted += static_cast<std::int64_t>(d.kinds.size());
    }
  }
  return report;
}

}  // namespace station::store
