// One card write at a time per dossier, across processes: a lease row in
// card_writes, taken in a write transaction (so two processes cannot both
// find it free) and naming its holder by pid and start time (so a lease
// whose holder died, however it died, is known as such and taken over; a
// lock file would outlive a crash).
#include "audit_chain.hpp"
#include "audit_log.hpp"
#include "process_identity.hpp"
#include "store_impl.hpp"

namespace station::store {

namespace {

using hal::ErrorCode;

struct Lease {
  ProcessIdentity holder;
  std::string actor;
  std::int64_t taken_at = 0;
};

hal::Result<std::optional<Lease>> read_lease(const Database& db, std::string_view id) {
  auto q = db.prepare("SELECT holder_pid, holder_start, actor, taken_at FROM card_writes WHERE dossier_id = ?",
                      "reading the card write of dossier " + std::string(id));
  if (!q) return q.error();
  q->bind(1, id);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return std::optional<Lease>{};
  return std::optional<Lease>{Lease{{q->integer(0), q->integer(1)}, q->text(2), q->integer(3)}};
}

std::string holder_text(const Lease& lease) {
  return lease.actor + " (process " + std::to_string(lease.holder.pid) + ")";
}

// The entry that made the dossier personalized, if any: one enrollment gives
// one card, even after a rejection and a re-seal.
hal::Result<std::int64_t> personalized_entry(const Database& db, std::string_view id) {
  auto q = db.prepare(
      "SELECT seq FROM audit WHERE object = ? AND action = 'state.change' AND detail LIKE '% -> personalized%' "
      "ORDER BY seq LIMIT 1",
      "reading the card history of dossier " + std::string(id));
  if (!q) return q.error();
  q->bind(1, id);
  auto row = q->step();
  if (!row) return row.error();
  return *row ? q->integer(0) : std::int64_t{0};
}

hal::Status require_card_allowed(const Database& db, const DossierRow& row) {
  if (row.state != DossierState::kSealed) {
    return hal::make_error(ErrorCode::kFailedPrecondition, "dossier " + row.id + " is " +
                                                               std::string(to_string(row.state)) +
                                                               "; only a sealed dossier gets a card");
  }
  auto earlier = personalized_entry(db, row.id);
  if (!earlier) return earlier.error();
  if (*earlier == 0) return {};
  return hal::make_error(ErrorCode::kFailedPrecondition,
                         "dossier " + row.id + " already had a card written (" + entry_name(*earlier) +
                             "); one enrollment gives one card, a second personalization is refused");
}

}  // namespace

hal::Status Store::Impl::refuse_card_in_progress(std::string_view id, std::string_view what) const {
  auto lease = read_lease(db_, id);
  if (!lease) return lease.error();
  if (!*lease || !is_running((*lease)->holder)) return {};
  return hal::make_error(ErrorCode::kBusy, "dossier " + std::string(id) + " has its card being written by " +
                                               holder_text(**lease) + "; " + std::string(what) +
                                               " was refused, nothing was changed; run it again once the card is done");
}

hal::Status Store::begin_card_write(std::string_view id, std::string_view actor) {
  auto& s = *impl_;
  const std::string doing = "starting the card write of dossier " + std::string(id);
  auto tx = Transaction::begin(s.db(), doing);
  if (!tx) return tx.error();
  auto row = s.read_row(id);
  if (!row) return row.error();
  HAL_TRY(s.check_state(*row));
  HAL_TRY(require_card_allowed(s.db(), *row));
  HAL_TRY(s.refuse_card_in_progress(id, "a second personalization of it"));
  auto lease = read_lease(s.db(), id);
  if (!lease) return lease.error();
  const std::int64_t now = s.now_ms();
  if (*lease) {
    HAL_TRY(append_audit(s.db(), now, std::string(actor), "card.write_reclaimed", std::string(id),
                         "the card write begun by " + holder_text(**lease) + " at " +
                             std::to_string((*lease)->taken_at) + " ms ended with its process; taken over"));
  }
  auto put = s.db().prepare(
      "INSERT OR REPLACE INTO card_writes (dossier_id, holder_pid, holder_start, actor, taken_at) VALUES (?, ?, ?, ?, ?)",
      doing);
  if (!put) return put.error();
  const ProcessIdentity me = this_process();
  HAL_TRY(put->bind(1, id).bind(2, me.pid).bind(3, me.start).bind(4, actor).bind(5, now).run());
  return tx->commit();
}

hal::Status Store::end_card_write(std::string_view id) {
  auto& s = *impl_;
  const std::string doing = "ending the card write of dossier " + std::string(id);
  auto tx = Transaction::begin(s.db(), doing);
  if (!tx) return tx.error();
  auto drop = s.db().prepare("DELETE FROM card_writes WHERE dossier_id = ? AND holder_pid = ? AND holder_start = ?",
                             doing);
  if (!drop) return drop.error();
  const ProcessIdentity me = this_process();
  HAL_TRY(drop->bind(1, id).bind(2, me.pid).bind(3, me.start).run());
  return tx->commit();
}

}  // namespace station::store
