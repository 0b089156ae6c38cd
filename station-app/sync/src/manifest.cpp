#include "station/sync/manifest.hpp"

#include "audit_head_json.hpp"
#include "station/ids.hpp"

#include <cstdint>
#include <ctime>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace station::sync {

namespace {

hal::Error bad(const std::string& why) { return hal::make_error(hal::ErrorCode::kCorrupt, "batch manifest: " + why); }

// nlohmann's checked accessors throw; a manifest comes from outside, so
// every field is looked at before it is read.
template <typename T>
hal::Result<T> field(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return bad(std::string("field '") + name + "' is missing");
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) return bad(std::string("field '") + name + "' is not text");
    return it->template get<std::string>();
  } else {
    if (!it->is_number_integer()) return bad(std::string("field '") + name + "' is not an integer");
    // nlohmann keeps 2^63 and above as unsigned; get<int64_t> would wrap
    // them to negative numbers that then pass as small ones.
    if (it->is_number_unsigned() && it->template get<std::uint64_t>() > std::uint64_t(INT64_MAX))
      return bad(std::string("field '") + name + "' is out of range");
    return it->template get<T>();
  }
}

hal::Result<hal::Bytes> hash_field(const nlohmann::json& j, const char* name) {
  auto text = field<std::string>(j, name);
  if (!text) return text.error();
  auto bytes = hal::from_hex(*text);
  if (!bytes || bytes->size() != 32) return bad(std::string("field '") + name + "' is not a SHA-256 in hex");
  return *bytes;
}

}  // namespace

std::string batch_id_for(std::string_view station_id, std::int64_t sequence) {
  char number[24];
  std::snprintf(number, sizeof number, "%06lld", static_cast<long long>(sequence));
  return std::string(station_id) + "-" + number;
}

std::string encode_manifest(const Manifest& m) {
  nlohmann::json dossiers = nlohmann::json::array();
  for (const auto& d : m.dossiers)
    dossiers.push_back({{"id", d.dossier_id}, {"sha256", hal::to_hex(d.sha256)}, {"bytes", d.bytes}});
  nlohmann::json j = {{"format", "station-batch-manifest"},
                      {"v", kManifestVersion},
                      {"batch", m.batch_id},
                      {"station", m.station_id},
                      {"sequence", m.sequence},
                      {"previous", hal::to_hex(m.previous_hash)},
                      {"created", m.created},
                      {"dossiers", dossiers}};
  put_audit_head(j, m.audit_head);
  return j.dump();
}

hal::Result<Manifest> decode_manifest(std::string_view json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  auto format = field<std::string>(j, "format");
  if (!format) return format.error();
  if (*format != "station-batch-manifest") return bad("format '" + *format + "' is not a batch manifest");
  auto version = field<std::int64_t>(j, "v");
  if (!version) return version.error();
  if (*version != kManifestVersion) {
    return hal::make_error(hal::ErrorCode::kUnsupported,
                           "batch manifest version " + std::to_string(*version) + " is newer than this software");
  }
  Manifest m;
  auto id = field<std::string>(j, "batch");
  auto station = id ? field<std::string>(j, "station") : id;
  auto created = station ? field<std::string>(j, "created") : station;
  if (!created) return created.error();
  auto sequence = field<std::int64_t>(j, "sequence");
  if (!sequence) return sequence.error();
  if (*sequence < 1) return bad("sequence " + std::to_string(*sequence) + " is below 1");
  auto previous = hash_field(j, "previous");
  if (!previous) return previous.error();
  // These become file names and URL parts at relays and the registry.
  if (auto ok = check_station_id(*station, "the manifest's station"); !ok) return bad(ok.error().message);
  if (auto ok = check_batch_id(*id, "the manifest's batch"); !ok) return bad(ok.error().message);
  m.batch_id = *id;
  m.station_id = *station;
  m.created = *created;
  m.sequence = *sequence;
  m.previous_hash = *previous;
  if (m.batch_id != batch_id_for(m.station_id, m.sequence)) return bad("batch id does not match station and sequence");
  auto head = read_audit_head(j, "batch manifest");
  if (!head) return head.error();
  m.audit_head = *head;
  auto list = j.find("dossiers");
  if (list == j.end() || !list->is_array()) return bad("field 'dossiers' is not a list");
  for (const auto& d : *list) {
    if (!d.is_object()) return bad("a dossier entry is not an object");
    auto did = field<std::string>(d, "id");
    if (!did) return did.error();
    auto hash = hash_field(d, "sha256");
    if (!hash) return hash.error();
    auto bytes = field<std::int64_t>(d, "bytes");
    if (!bytes) return bytes.error();
    if (*bytes < 0) return bad("dossier " + *did + " has a negative size of " + std::to_string(*bytes) + " bytes");
    m.dossiers.push_back({*did, *hash, *bytes});
  }
  return m;
}

std::string utc_text(std::chrono::system_clock::time_point at, const char* format) {
  const std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char text[40];
  std::strftime(text, sizeof text, format, &parts);
  return text;
}

}  // namespace station::sync
