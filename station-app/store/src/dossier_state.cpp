#include "station/store/dossier_state.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace station::store {

namespace {

constexpr std::array<std::pair<DossierState, std::string_view>, 7> kNames{{
    {DossierState::kDraft, "draft"},
    {DossierState::kSealed, "sealed"},
    {DossierState::kPersonalized, "personalized"},
    {DossierState::kBatched, "batched"},
    {DossierState::kDelivered, "delivered"},
    {DossierState::kPurged, "purged"},
    {DossierState::kRejected, "rejected"},
}};

constexpr std::array<std::pair<DossierState, DossierState>, 8> kTransitions{{
    {DossierState::kDraft, DossierState::kSealed},
    {DossierState::kSealed, DossierState::kPersonalized},
    {DossierState::kSealed, DossierState::kBatched},
    {DossierState::kPersonalized, DossierState::kBatched},
    {DossierState::kBatched, DossierState::kDelivered},
    {DossierState::kDelivered, DossierState::kPurged},
    {DossierState::kBatched, DossierState::kRejected},
    {DossierState::kRejected, DossierState::kSealed},
}};

std::string listed(const std::vector<DossierState>& states) {
  std::string out;
  for (auto state : states) out += (out.empty() ? "" : " or ") + std::string(to_string(state));
  return out;
}

}  // namespace

std::string_view to_string(DossierState state) {
  for (const auto& [value, name] : kNames) {
    if (value == state) return name;
  }
  return "?";
}

hal::Result<DossierState> parse_state(std::string_view text) {
  for (const auto& [value, name] : kNames) {
    if (name == text) return value;
  }
  std::string known;
  for (const auto& entry : kNames) known += (known.empty() ? "" : ", ") + std::string(entry.second);
  return hal::make_error(hal::ErrorCode::kInvalidArgument,
                         "'" + std::string(text) + "' is not a dossier state; use one of: " + known);
}

const std::vector<DossierState>& all_states() {
  static const std::vector<DossierState> kAll = [] {
    std::vector<DossierState> out;
    for (const auto& entry : kNames) out.push_back(entry.first);
    return out;
  }();
  return kAll;
}

std::vector<DossierState> next_states(DossierState from) {
  std::vector<DossierState> out;
  for (const auto& [a, b] : kTransitions) {
    if (a == from) out.push_back(b);
  }
  return out;
}

hal::Status check_transition(DossierState from, DossierState to) {
  auto allowed = next_states(from);
  if (std::find(allowed.begin(), allowed.end(), to) != allowed.end()) return {};
  std::string message = "a dossier cannot go from " + std::string(to_string(from)) + " to " + std::string(to_string(to));
  message += allowed.empty() ? "; " + std::string(to_string(from)) + " is final"
                             : "; from " + std::string(to_string(from)) + " it can only become " + listed(allowed);
  return hal::make_error(hal::ErrorCode::kFailedPrecondition, message);
}

}  // namespace station::store
