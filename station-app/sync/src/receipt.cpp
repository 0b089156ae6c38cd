#include "station/sync/receipt.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ctime>

#include "audit_head_json.hpp"
#include "station/cms/signed_data.hpp"
#include "station/dossier/vietnamese_text.hpp"
#include "station/ids.hpp"

namespace station::sync {

namespace {

using hal::ErrorCode;

// The registry's reason is kept in the audit log and shown to the officer in
// `sync status`: text a person reads, never terminal controls or a novel.
constexpr int kMaxReasonCharacters = 300;
constexpr std::size_t kMaxDossierIdBytes = 64;

hal::Error bad(const std::string& why) { return hal::make_error(ErrorCode::kCorrupt, "receipt: " + why); }

bool is_text(const nlohmann::json& j, const char* name) { return j.contains(name) && j[name].is_string(); }

}  // namespace

std::string encode_receipt(const Receipt& r) {
  nlohmann::json rejected = nlohmann::json::array();
  for (const auto& [id, reason] : r.rejected) rejected.push_back({{"id", id}, {"reason", reason}});
  nlohmann::json j = {{"format", "registry-receipt"},   {"v", 1},
                      {"batch", r.batch_id},            {"batch_sha256", hal::to_hex(r.batch_hash)},
                      {"station", r.station_id},        {"sequence", r.sequence},
                      {"accepted", r.accepted},         {"rejected", rejected},
                      {"issued", r.issued}};
  put_audit_head(j, r.audit_head);
  return j.dump();
}

hal::Result<Receipt> decode_receipt(std::string_view json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  if (!is_text(j, "format") || j["format"] != "registry-receipt") return bad("not a registry receipt");
  if (!j.contains("v") || j["v"] != 1) return hal::make_error(ErrorCode::kUnsupported, "receipt of an unknown version");
  for (const char* name : {"batch", "batch_sha256", "station", "issued"})
    if (!is_text(j, name)) return bad(std::string("field '") + name + "' is missing");
  if (!j.contains("sequence") || !j["sequence"].is_number_integer()) return bad("field 'sequence' is missing");
  // Unsigned and below 2^63: get<int64_t> would wrap larger ones negative.
  if (!j["sequence"].is_number_unsigned() || j["sequence"].get<std::uint64_t>() < 1 ||
      j["sequence"].get<std::uint64_t>() > std::uint64_t(INT64_MAX))
    return bad("field 'sequence' is not a batch number from 1 to 2^63-1");
  if (!j.contains("accepted") || !j["accepted"].is_array() || !j.contains("rejected") || !j["rejected"].is_array())
    return bad("the lists of dossiers are missing");
  Receipt r;
  r.batch_id = j["batch"].get<std::string>();
  auto hash = hal::from_hex(j["batch_sha256"].get<std::string>());
  if (!hash || hash->size() != 32) return bad("batch_sha256 is not a SHA-256");
  r.batch_hash = *hash;
  r.station_id = j["station"].get<std::string>();
  if (auto ok = check_batch_id(r.batch_id, "the receipt's batch"); !ok) return bad(ok.error().message);
  if (auto ok = check_station_id(r.station_id, "the receipt's station"); !ok) return bad(ok.error().message);
  r.sequence = j["sequence"].get<std::int64_t>();
  r.issued = j["issued"].get<std::string>();
  auto head = read_audit_head(j, "receipt");
  if (!head) return head.error();
  r.audit_head = *head;
  for (const auto& id : j["accepted"]) {
    if (!id.is_string()) return bad("an accepted dossier id is not text");
    r.accepted.push_back(id.get<std::string>());
  }
  for (const auto& entry : j["rejected"]) {
    if (!entry.is_object() || !is_text(entry, "id") || !is_text(entry, "reason")) return bad("a rejection is malformed");
    auto id = entry["id"].get<std::string>();
    auto reason = entry["reason"].get<std::string>();
    if (id.empty() || id.size() > kMaxDossierIdBytes || printable(id) != id)
      return bad("a rejected dossier id is not an id: " + printable(id));
    if (auto problem = dossier::text_problem(reason, kMaxReasonCharacters))
      return bad("the reason for rejecting dossier " + id + " is not plain text: " + *problem);
    r.rejected.emplace_back(std::move(id), std::move(reason));
  }
  return r;
}

hal::Result<hal::Bytes> sign_receipt(const Receipt& receipt, hal::KeyStore& keys, const std::string& key_id,
                                     std::chrono::system_clock::time_point at) {
  const std::string text = encode_receipt(receipt);
  return cms::build_signed_data(cms::kIdDataOid, hal::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
                                 {&keys, key_id, std::chrono::system_clock::to_time_t(at)});
}

hal::Result<Receipt> verify_any_receipt(hal::ByteView cms, const Trust& registry) {
  auto message = verify_signed_message(cms, registry, "receipt");
  if (!message) return message.error();
  return decode_receipt(std::string(message->content.begin(), message->content.end()));
}

hal::Status check_receipt_names(const Receipt& receipt, const std::string& batch_id, hal::ByteView batch_hash) {
  if (receipt.batch_id != batch_id || receipt.batch_hash != hal::Bytes(batch_hash.begin(), batch_hash.end())) {
    return hal::make_error(ErrorCode::kFailedPrecondition,
                           "the registry's receipt names batch " + receipt.batch_id + " (sha256 " +
                               hal::to_hex(receipt.batch_hash).substr(0, 16) + "...), not batch " + batch_id +
                               " that was sent; nothing was marked delivered");
  }
  return {};
}

hal::Result<Receipt> verify_receipt(hal::ByteView cms, const Trust& registry, const std::string& batch_id,
                                    hal::ByteView batch_hash) {
  auto receipt = verify_any_receipt(cms, registry);
  if (!receipt) return receipt.error();
  HAL_TRY(check_receipt_names(*receipt, batch_id, batch_hash));
  return receipt;
}

}  // namespace station::sync
