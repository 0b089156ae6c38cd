#include "station/config.hpp"
#include "station/ids.hpp"

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <set>
#include <string_view>
#include <toml++/toml.h>
#include <optional>
#include <type_traits>

#include "hal/files.hpp"

namespace station {

namespace {

using hal::ErrorCode;
using hal::make_error;

std::string where(const toml::node& node) {
  const auto& src = node.source();
  return "line " + std::to_string(src.begin.line);
}

// Unknown keys are refused rather than ignored: a misspelt key would
// otherwise silently run the station on a default.
hal::Status check_keys(const toml::table& table, std::string_view section, const std::set<std::string_view>& known) {
  for (const auto& [key, node] : table) {
    if (!known.contains(key.str())) {
      return make_error(ErrorCode::kInvalidArgument, "unknown key '" + std::string(key.str()) + "' in [" +
                                                         std::string(section) + "] at " + where(node));
    }
  }
  return {};
}

template <typename T>
hal::Status read_value(const toml::table& table, std::string_view section, std::string_view key, T& out) {
  const toml::node* node = table.get(key);
  if (!node) return {};
  // toml++ converts a float to an integer type unchecked (undefined past the
  // type's range): a number where an integer belongs is the wrong type.
  const bool wrong_kind = std::is_integral_v<T> && !std::is_same_v<T, bool> && !node->is_integer();
  auto value = wrong_kind ? std::optional<T>{} : node->value<T>();
  if (!value) {
    return make_error(ErrorCode::kInvalidArgument, "[" + std::string(section) + "] " + std::string(key) + " at " +
                                                       where(*node) + " has the wrong type");
  }
  out = *value;
  return {};
}

// A numeric key and the range station.toml documents for it. The ranges also
// keep every duration computed from a key (up to nanoseconds) inside int64.
struct Bounded {
  std::string_view key;
  std::int64_t& value;
  std::int64_t min, max;
};

hal::Status read_bounded(const toml::table& table, std::string_view section, const Bounded& b) {
  HAL_TRY(read_value(table, section, b.key, b.value));
  if (b.value < b.min || b.value > b.max) {
    const toml::node* node = table.get(b.key);
    return make_error(ErrorCode::kInvalidArgument,
                      "[" + std::string(section) + "] " + std::string(b.key) + " = " + std::to_string(b.value) +
                          (node ? " at " + where(*node) : std::string()) + " is out of range: it must be " +
                          std::to_string(b.min) + ".." + std::to_string(b.max));
  }
  return {};
}

hal::Status read_all_bounded(const toml::table& table, std::string_view section, std::initializer_list<Bounded> keys) {
  for (const Bounded& b : keys) HAL_TRY(read_bounded(table, section, b));
  return {};
}

constexpr std::int64_t kMaxTransmitMs = 600'000;      // 10 minutes
constexpr std::int64_t kMaxWaitMs = 3'600'000;        // an hour
constexpr std::int64_t kMaxLockoutMinutes = 10'080;   // a week
constexpr std::int64_t kMaxIdleLockS = 86'400;        // a day
constexpr std::int64_t kMaxFingerTimeoutS = 600;
constexpr std::int64_t kMaxStallS = 3'600;
constexpr std::int64_t kMaxJournalExpiryHours = 720;
constexpr std::int64_t kMaxRetentionDays = 3'650;
constexpr std::int64_t kNanosPerMinute = 60'000'000'000;
static_assert(kMaxLockoutMinutes * kNanosPerMinute / kNanosPerMinute == kMaxLockoutMinutes &&
                  kMaxRetentionDays * 24 * 60 <= INT64_MAX / kNanosPerMinute,
              "every duration key must fit in nanoseconds");

hal::Status read_card(const toml::table& t, CardConfig& card) {
  HAL_TRY(check_keys(t, "card",
                     {"reader", "max_apdu_data", "transmit_timeout_ms", "wait_timeout_ms", "journal_expiry_hours",
                      "journal_dir", "face_bytes"}));
  HAL_TRY(read_value(t, "card", "reader", card.reader));
  std::string journal_dir = card.journal_dir.string();
  HAL_TRY(read_value(t, "card", "journal_dir", journal_dir));
  card.journal_dir = journal_dir;
  std::int64_t max_apdu = static_cast<std::int64_t>(card.max_apdu_data);
  std::int64_t transmit_ms = card.transmit_timeout.count();
  std::int64_t wait_ms = card.wait_timeout.count();
  std::int64_t expiry_hours = card.journal_expiry.count();
  std::int64_t face_bytes = static_cast<std::int64_t>(card.face_bytes);
  // max_apdu_data 0 probes the card.
  HAL_TRY(read_all_bounded(t, "card", {{"max_apdu_data", max_apdu, 0, 65535},
                                       {"transmit_timeout_ms", transmit_ms, 1, kMaxTransmitMs},
                                       {"wait_timeout_ms", wait_ms, 1, kMaxWaitMs},
                                       {"journal_expiry_hours", expiry_hours, 1, kMaxJournalExpiryHours},
                                       {"face_bytes", face_bytes, 1000, 60000}}));
  card.max_apdu_data = static_cast<std::size_t>(max_apdu);
  card.transmit_timeout = std::chrono::milliseconds(transmit_ms);
  card.wait_timeout = std::chrono::milliseconds(wait_ms);
  card.journal_expiry = std::chrono::hours(expiry_hours);
  card.face_bytes = static_cast<std::size_t>(face_bytes);
  return {};
}

hal::Status read_keys(const toml::table& t, KeysConfig& keys) {
  HAL_TRY(check_keys(t, "keys", {"backend", "module", "token", "pin_env", "key_dir", "station_key"}));
  std::string backend = keys.backend == KeyBackend::kFile ? "file" : "pkcs11";
  HAL_TRY(read_value(t, "keys", "backend", backend));
  if (backend == "pkcs11") {
    keys.backend = KeyBackend::kPkcs11;
  } else if (backend == "file") {
    keys.backend = KeyBackend::kFile;
  } else {
    return make_error(ErrorCode::kInvalidArgument, "[keys] backend must be \"pkcs11\" or \"file\", not \"" + backend + "\"");
  }
  HAL_TRY(read_value(t, "keys", "module", keys.module));
  HAL_TRY(read_value(t, "keys", "token", keys.token));
  HAL_TRY(read_value(t, "keys", "pin_env", keys.pin_env));
  std::string dir = keys.key_dir.string();
  HAL_TRY(read_value(t, "keys", "key_dir", dir));
  keys.key_dir = dir;
  HAL_TRY(read_value(t, "keys", "station_key", keys.station_key));
  return {};
}

hal::Status read_store(const toml::table& t, StoreConfig& store) {
  HAL_TRY(check_keys(t, "store", {"path", "station_id", "wrap_key", "audit_sign_every", "min_free_mb"}));
  std::string path = store.path.string();
  HAL_TRY(read_value(t, "store", "path", path));
  store.path = path;
  HAL_TRY(read_value(t, "store", "station_id", store.station_id));
  HAL_TRY(read_value(t, "store", "wrap_key", store.wrap_key));
  HAL_TRY(read_all_bounded(t, "store", {{"audit_sign_every", store.audit_sign_every, 0, 100'000},
                                        {"min_free_mb", store.min_free_mb, 0, 1'048'576}}));
  HAL_TRY(check_station_id(store.station_id, "[store] station_id"));
  return {};
}

hal::Status read_capture(const toml::table& t, CaptureConfig& capture) {
  HAL_TRY(check_keys(t, "capture", {"max_attempts", "min_quality", "frame_rate", "scanner", "scanner_serial"}));
  std::string scanner = capture.scanner == ScannerBackend::kUsb ? "usb" : "synthetic";
  HAL_TRY(read_value(t, "capture", "scanner", scanner));
  if (scanner == "usb") {
    capture.scanner = ScannerBackend::kUsb;
  } else if (scanner == "synthetic") {
    capture.scanner = ScannerBackend::kSynthetic;
  } else {
    return make_error(ErrorCode::kInvalidArgument,
                      "[capture] scanner must be \"synthetic\" or \"usb\", not \"" + scanner + "\"");
  }
  HAL_TRY(read_value(t, "capture", "scanner_serial", capture.scanner_serial));
  HAL_TRY(read_all_bounded(t, "capture", {{"max_attempts", capture.max_attempts, 1, 10},
                                          {"min_quality", capture.min_quality, 0, 100}}));
  HAL_TRY(read_value(t, "capture", "frame_rate", capture.frame_rate));
  if (!(capture.frame_rate >= 1 && capture.frame_rate <= 200)) {
    return make_error(ErrorCode::kInvalidArgument, "[capture] frame_rate = " + std::to_string(capture.frame_rate) +
                                                       " is out of range: it must be 1..200 frames per second");
  }
  return {};
}

hal::Status read_officers(const toml::table& t, OfficersConfig& o) {
  HAL_TRY(check_keys(t, "officers", {"path", "sensor", "max_failures", "lockout_minutes", "idle_lock_s",
                                     "finger_timeout_s", "pin_hash_passes", "pin_hash_memory_kib"}));
  std::string path = o.path.string();
  HAL_TRY(read_value(t, "officers", "path", path));
  o.path = path;
  HAL_TRY(read_value(t, "officers", "sensor", o.sensor));
  return read_all_bounded(t, "officers", {{"max_failures", o.max_failures, 1, 20},
                                          {"lockout_minutes", o.lockout_minutes, 1, kMaxLockoutMinutes},
                                          {"idle_lock_s", o.idle_lock_s, 1, kMaxIdleLockS},
                                          {"finger_timeout_s", o.finger_timeout_s, 1, kMaxFingerTimeoutS},
                                          {"pin_hash_passes", o.pin_hash_passes, 1, 16},
                                          {"pin_hash_memory_kib", o.pin_hash_memory_kib, 8, 4'194'304}});
}

hal::Status read_path(const toml::table& t, std::string_view key, std::filesystem::path& out) {
  std::string text = out.string();
  HAL_TRY(read_value(t, "sync", key, text));
  out = text;
  return {};
}

hal::Status read_sync_numbers(const toml::table& t, SyncConfig& sync) {
  return read_all_bounded(t, "sync", {{"max_dossiers", sync.max_dossiers, 1, 10000},
                                      {"max_batch_mb", sync.max_batch_mb, 1, 1024},
                                      {"retention_days", sync.retention_days, 0, kMaxRetentionDays},
                                      {"chunk_kb", sync.chunk_kb, 16, 65536},
                                      {"max_kbps", sync.max_kbps, 0, 10000000},
                                      {"max_attempts", sync.max_attempts, 1, 100},
                                      {"stall_timeout_s", sync.stall_timeout_s, 1, kMaxStallS}});
}

hal::Status read_sync(const toml::table& t, SyncConfig& sync) {
  HAL_TRY(check_keys(t, "sync", {"registry_url", "registry_ca", "registry_certificate", "station_ca", "tls_certificate",
                                 "tls_key", "registry_crl", "station_crl", "registry_agency", "max_dossiers", "max_batch_mb", "retention_days",
                                 "chunk_kb", "max_kbps", "max_attempts", "stall_timeout_s"}));
  HAL_TRY(read_value(t, "sync", "registry_url", sync.registry_url));
  if (!sync.registry_url.empty() && sync.registry_url.rfind("https://", 0) != 0) {
    return make_error(ErrorCode::kInvalidArgument, "[sync] registry_url must start with https://");
  }
  for (auto [key, path] : {std::pair<std::string_view, std::filesystem::path*>{"registry_ca", &sync.registry_ca},
                           {"registry_certificate", &sync.registry_certificate},
                           {"station_ca", &sync.station_ca},
                           {"registry_crl", &sync.registry_crl},
                           {"station_crl", &sync.station_crl},
                           {"tls_certificate", &sync.tls_certificate}}) {
    HAL_TRY(read_path(t, key, *path));
  }
  HAL_TRY(read_value(t, "sync", "tls_key", sync.tls_key));
  HAL_TRY(read_value(t, "sync", "registry_agency", sync.registry_agency));
  return read_sync_numbers(t, sync);
}

const toml::table* section(const toml::table& root, std::string_view name) { return root.get_as<toml::table>(name); }

}  // namespace

Config default_config() { return Config{}; }

std::filesystem::path store_database_path(const StoreConfig& store) {
  if (!store.path.empty()) return store.path;
  const char* data_dir = std::getenv("STATION_DATA_DIR");
  if (data_dir != nullptr && *data_dir != '\0') return std::filesystem::path(data_dir) / "station.db";
  return std::filesystem::path("station-data") / "station.db";
}

std::filesystem::path officers_database_path(const Config& config) {
  if (!config.officers.path.empty()) return config.officers.path;
  return store_database_path(config.store).parent_path() / "officers.db";
}

hal::Result<Config> load_config(const std::filesystem::path& path) {
  auto text = hal::read_regular_text_file(path, hal::kConfigFile);
  if (!text) return text.error();
  return parse_config(*text, path);
}

hal::Result<Config> parse_config(std::string_view text, const std::filesystem::path& path) {
  toml::table root;
  try {
    root = toml::parse(text, path.string());
  } catch (const toml::parse_error& e) {
    return make_error(ErrorCode::kInvalidArgument, path.string() + " line " +
                                                       std::to_string(e.source().begin.line) + ": " +
                                                       std::string(e.description()));
  }
  Config config = default_config();
  config.source = path;
  HAL_TRY(check_keys(root, "top level", {"card", "keys", "store", "capture", "sync", "officers"}));
  if (const auto* t = section(root, "card")) HAL_TRY(read_card(*t, config.card));
  if (const auto* t = section(root, "keys")) HAL_TRY(read_keys(*t, config.keys));
  if (const auto* t = section(root, "store")) HAL_TRY(read_store(*t, config.store));
  if (const auto* t = section(root, "capture")) HAL_TRY(read_capture(*t, config.capture));
  if (const auto* t = section(root, "sync")) HAL_TRY(read_sync(*t, config.sync));
  if (const auto* t = section(root, "officers")) HAL_TRY(read_officers(*t, config.officers));
  return config;
}

}  // namespace station
