#include "state_history.hpp"

#include <optional>
#include <string>

#include "audit_chain.hpp"

namespace station::store {

namespace {

struct Move {
  DossierState from = DossierState::kDraft;
  DossierState to = DossierState::kDraft;
};

// "FROM -> TO", optionally followed by "; ..." (a seal adds its hash).
std::optional<Move> parse_move(const std::string& detail) {
  const auto arrow = detail.find(" -> ");
  if (arrow == std::string::npos) return std::nullopt;
  const auto end = detail.find(';', arrow);
  auto from = parse_state(detail.substr(0, arrow));
  auto to = parse_state(detail.substr(arrow + 4, end == std::string::npos ? std::string::npos : end - arrow - 4));
  if (!from || !to) return std::nullopt;
  return Move{*from, *to};
}

hal::Error altered(std::string_view id, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kCorrupt, "dossier " + std::string(id) + " " + why +
                                                       ": the database was altered outside the store; nothing was "
                                                       "changed (run `station audit verify` and `station store check`)");
}

}  // namespace

hal::Status check_state_history(const Database& db, std::string_view id, DossierState recorded, std::int64_t pruned_seq) {
  auto q = db.prepare(
      "SELECT seq, action, detail FROM audit WHERE object = ? AND action IN ('draft.create', 'state.change') ORDER BY seq",
      "reading the state history of dossier " + std::string(id));
  if (!q) return q.error();
  q->bind(1, id);
  std::optional<DossierState> at;
  std::int64_t at_seq = 0;
  const std::string marked = "is marked " + std::string(to_string(recorded));
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) break;
    const std::int64_t seq = q->integer(0);
    const std::string where = " (" + entry_name(seq) + ")";
    if (q->text(1) == "draft.create") {
      if (at) return altered(id, "was created a second time" + where);
      at = DossierState::kDraft;
      at_seq = seq;
      continue;
    }
    auto move = parse_move(q->text(2));
    if (!move) return altered(id, "has a state change that names no states" + where);
    if (at && *at != move->from) {
      return altered(id, "moves from " + std::string(to_string(move->from)) + " while it was " +
                             std::string(to_string(*at)) + where);
    }
    if (!check_transition(move->from, move->to).ok()) {
      return altered(id, "moves from " + std::string(to_string(move->from)) + " to " +
                             std::string(to_string(move->to)) + ", which the store never does" + where);
    }
    at = move->to;
    at_seq = seq;
  }
  if (!at) {
    if (pruned_seq > 0 && recorded == DossierState::kPurged) return {};
    return altered(id, marked + " but the audit log holds no record of it");
  }
  if (*at != recorded) {
    return altered(id, marked + " but its audit history last made it " + std::string(to_string(*at)) + " (" +
                           entry_name(at_seq) + ")");
  }
  return {};
}

}  // namespace station::store
