#include "audit_head_json.hpp"

namespace station::sync {

void put_audit_head(nlohmann::json& j, const AuditHeadRef& head) {
  if (head.seq == 0) return;
  j["audit_head"] = {{"seq", head.seq}, {"sha256", hal::to_hex(head.digest)}};
}

hal::Result<AuditHeadRef> read_audit_head(const nlohmann::json& j, const std::string& what) {
  auto it = j.find("audit_head");
  if (it == j.end()) return AuditHeadRef{};
  auto bad = [&](const std::string& why) {
    return hal::make_error(hal::ErrorCode::kCorrupt, what + ": field 'audit_head' " + why);
  };
  if (!it->is_object()) return bad("is not an object");
  auto seq = it->find("seq");
  auto digest = it->find("sha256");
  // Unsigned and below 2^63: get<int64_t> would wrap larger ones negative.
  if (seq == it->end() || !seq->is_number_unsigned() || seq->get<std::uint64_t>() < 1 ||
      seq->get<std::uint64_t>() > std::uint64_t(INT64_MAX))
    return bad("has no entry number from 1 to 2^63-1");
  if (digest == it->end() || !digest->is_string()) return bad("has no sha256");
  auto bytes = hal::from_hex(digest->get<std::string>());
  if (!bytes || bytes->size() != 32) return bad("has a sha256 that is not 32 bytes in hex");
  return AuditHeadRef{seq->get<std::int64_t>(), *bytes};
}

}  // namespace station::sync
